import type { EventEmitter } from 'node:events';
import type { Server, Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { FtpSrv, type FtpConnection } from 'ftp-srv';
import { isIncomingRefusedError } from '../errors.js';
import type { IncomingLimits } from '../store/incoming-limits.js';
import type { IncomingQuota } from '../store/incoming-quota.js';
import { ftpSrvLogger } from './ftp-srv-logger.js';
import { IncomingFileSystem } from './incoming-file-system.js';

export interface IncomingFtpOptions {
  /** Listen address; also the address passive mode announces. */
  readonly bind: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly pasvMin: number;
  readonly pasvMax: number;
  /** Where `/incoming` is on disk (the FTP drop). */
  readonly incomingDir: string;
  readonly limits: IncomingLimits;
  /** The global incoming quota (shared with HTTP uploads). */
  readonly quota: IncomingQuota;
  /** A control connection without a command this long, no transfer running, is closed (421). */
  readonly idleTimeoutMs: number;
  /** A STOR whose data connection sends nothing this long is aborted (426). */
  readonly transferIdleTimeoutMs: number;
  /** Open control connections, in total and per client address; more are answered 421 and closed. */
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
}

/** What ftp-srv has on a connection but does not declare. */
type FtpConnectionInternals = FtpConnection & { readonly commandSocket: Socket };

/**
 * The commands an upload needs (dput 1.1.3's ftp method sends USER, TYPE I, PASV or EPSV, CWD
 * /incoming, STOR, QUIT), plus harmless session commands and LIST/NLST of /incoming. Everything else
 * (PORT and EPRT: FTP bounce; RETR, DELE, RNFR/RNTO, MKD, RMD, SITE, APPE, STOU, REST, SIZE, MDTM,
 * STAT, AUTH) is answered `502` before it reaches the file system, which refuses them as well.
 */
export const FTP_ALLOWED_COMMANDS = [
  'USER', 'PASS', 'SYST', 'FEAT', 'OPTS', 'HELP', 'NOOP', 'QUIT', 'ABOR', 'ALLO',
  'TYPE', 'MODE', 'STRU', 'PWD', 'XPWD', 'CWD', 'XCWD', 'CDUP', 'XCUP',
  'PASV', 'EPSV', 'STOR', 'LIST', 'NLST',
] as const;

/** ftp-srv wants a bracketed IPv6 literal in its URL. */
const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** mini-buildd's FTP login: anonymous only (dput's `login = anonymous`; `ftp` is its usual alias). */
const anonymousNames = new Set(['anonymous', 'ftp']);

/** An IPv4 client seen on a dual-stack socket (`::ffff:1.2.3.4`) counts as `1.2.3.4`. */
const clientAddress = (socket: Socket): string => (socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * The FTP incoming of mbd (ftp-srv): anonymous login, passive mode only with the announced address
 * pinned to the bind address and ports from the configured range, one IncomingFileSystem per login.
 * Limits: control connections are capped in total and per client address (refused with 421 before
 * ftp-srv sees them) and closed when idle (421; not while a transfer runs); refusals of incoming
 * are answered with their own reply code (552 over a size limit or the quota, 553 a bad file name,
 * 426 an idle transfer) instead of ftp-srv's blanket 550.
 */
export class IncomingFtpServer {
  private readonly logger = new Logger(IncomingFtpServer.name);
  private server: FtpSrv | undefined;
  private readonly openConnections = new Map<string, number>();

  constructor(private readonly options: IncomingFtpOptions) {}

  /** Starts listening; resolves to the port (the real one when `port` is 0). */
  async start(): Promise<number> {
    const { bind, port, pasvMin, pasvMax, incomingDir, limits, quota, transferIdleTimeoutMs } = this.options;
    const server = this.withoutSignalHandlers(
      () =>
        new FtpSrv({
          url: `ftp://${urlHost(bind)}:${port}`,
          pasv_url: bind,
          pasv_min: pasvMin,
          pasv_max: pasvMax,
          anonymous: true,
          greeting: 'mbd ftp server ready: anonymous uploads into /incoming',
          whitelist: [...FTP_ALLOWED_COMMANDS],
          log: ftpSrvLogger(),
        }),
    );
    const fileSystems = new WeakMap<FtpConnection, IncomingFileSystem>();
    this.capConnections((server as unknown as { server: Server }).server);
    (server as unknown as EventEmitter).on('connect', ({ connection }: { connection: FtpConnection }) => {
      this.closeWhenIdle(connection as FtpConnectionInternals, () => fileSystems.get(connection)?.transferring ?? false);
      this.answerRefusalsWithTheirCode(connection);
    });
    server.on('login', ({ connection, username }: { connection: FtpConnection; username: string }, resolve, reject) => {
      if (!anonymousNames.has(username)) return reject(new Error('only anonymous login (as dput does) is accepted'));
      const fs = new IncomingFileSystem(connection, incomingDir, { limits, quota, transferIdleTimeoutMs });
      fileSystems.set(connection, fs);
      resolve({ fs });
    });
    server.on('client-error', ({ context, error }: { context: string; error: Error }) => this.logger.debug(`client error (${context}): ${error.message}`));
    await server.listen();
    this.server = server;
    const address = (server as unknown as { server: import('node:net').Server }).server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    this.logger.log(`FTP incoming listening on ${urlHost(bind)}:${actualPort} (passive ports ${pasvMin}-${pasvMax})`);
    return actualPort;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await server.close();
  }

  /**
   * Puts the connection caps in front of ftp-srv's own connection handler: a client over a cap gets
   * `421` and is disconnected without ever reaching ftp-srv.
   */
  private capConnections(net: Server): void {
    const { maxConnections, maxConnectionsPerAddress } = this.options;
    const handlers = net.listeners('connection') as ((socket: Socket) => void)[];
    net.removeAllListeners('connection');
    net.on('connection', (socket: Socket) => {
      const address = clientAddress(socket);
      const total = [...this.openConnections.values()].reduce((sum, count) => sum + count, 0);
      const fromAddress = this.openConnections.get(address) ?? 0;
      const refusal =
        total >= maxConnections
          ? `too many FTP connections (limit ${maxConnections}); try again later`
          : fromAddress >= maxConnectionsPerAddress
            ? `too many FTP connections from ${address} (limit ${maxConnectionsPerAddress} per address); try again later`
            : undefined;
      if (refusal) {
        this.logger.warn(`refused an FTP connection from ${address}: ${refusal}`);
        socket.on('error', () => undefined);
        socket.end(`421 ${refusal}\r\n`, () => socket.destroy());
        return;
      }
      this.openConnections.set(address, fromAddress + 1);
      socket.once('close', () => {
        const left = (this.openConnections.get(address) ?? 1) - 1;
        if (left > 0) this.openConnections.set(address, left);
        else this.openConnections.delete(address);
      });
      for (const handler of handlers) handler.call(net, socket);
    });
  }

  /** Replaces ftp-srv's timeout handling (none by default; when set, it would cut long transfers). */
  private closeWhenIdle(connection: FtpConnectionInternals, transferring: () => boolean): void {
    const { idleTimeoutMs } = this.options;
    const socket = connection.commandSocket;
    socket.removeAllListeners('timeout');
    socket.setTimeout(idleTimeoutMs);
    socket.on('timeout', () => {
      // During a STOR the control connection is silent; the transfer's own idle timeout guards it.
      if (transferring()) return;
      this.logger.log(`closing the FTP connection of ${clientAddress(socket)}: idle for ${idleTimeoutMs / 1000} s`);
      void connection.close(421, `idle for ${idleTimeoutMs / 1000} s: closing the connection` as unknown as number);
    });
  }

  /**
   * ftp-srv answers every failed STOR with 550 and the error's message, emitting `STOR` with the
   * error just before; that error's own reply code (IncomingRefusedError.ftpReplyCode) is used instead.
   */
  private answerRefusalsWithTheirCode(connection: FtpConnection): void {
    let refusal: { code: number; message: string } | undefined;
    connection.on('STOR', (error: unknown) => {
      refusal = isIncomingRefusedError(error) ? { code: error.ftpReplyCode, message: error.message } : undefined;
    });
    const reply = connection.reply.bind(connection);
    connection.reply = (options: number | object, ...letters: unknown[]): Promise<unknown> => {
      const pending = refusal;
      refusal = undefined;
      if (options === 550 && pending && letters[0] === pending.message) return reply(pending.code, ...letters);
      return reply(options, ...letters);
    };
  }

  /**
   * ftp-srv installs SIGTERM/SIGINT/SIGQUIT handlers that call process.exit(); the daemon owns its
   * shutdown (Nest's hooks), so those handlers are removed right after construction.
   */
  private withoutSignalHandlers<T>(create: () => T): T {
    const signals = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;
    const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
    const created = create();
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
      }
    }
    return created;
  }
}
