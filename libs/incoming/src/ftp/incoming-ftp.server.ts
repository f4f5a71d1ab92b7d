import { Logger } from '@nestjs/common';
import { FtpSrv, type FtpConnection } from 'ftp-srv';
import type { IncomingLimits } from '../store/incoming-limits.js';
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
}

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

/**
 * The FTP incoming of mbd (ftp-srv): anonymous login, passive mode only with the announced address
 * pinned to the bind address and ports from the configured range, one IncomingFileSystem per login.
 */
export class IncomingFtpServer {
  private readonly logger = new Logger(IncomingFtpServer.name);
  private server: FtpSrv | undefined;

  constructor(private readonly options: IncomingFtpOptions) {}

  /** Starts listening; resolves to the port (the real one when `port` is 0). */
  async start(): Promise<number> {
    const { bind, port, pasvMin, pasvMax, incomingDir, limits } = this.options;
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
    server.on('login', ({ connection, username }: { connection: FtpConnection; username: string }, resolve, reject) => {
      if (!anonymousNames.has(username)) return reject(new Error('only anonymous login (as dput does) is accepted'));
      resolve({ fs: new IncomingFileSystem(connection, incomingDir, limits) });
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
