import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join, posix } from 'node:path';
import { FileSystem, type FtpConnection } from 'ftp-srv';
import { IncomingRefusedError } from '../errors.js';
import { checkIncomingFileName, isIncomingFileName, quoteName } from '../store/incoming-file-name.js';
import type { IncomingLimits } from '../store/incoming-limits.js';
import { IncomingFileWriter } from '../store/incoming-file.writer.js';
import type { IncomingQuota } from '../store/incoming-quota.js';

/** The only directory an FTP client can write to, list or change into (besides `/`). */
export const FTP_INCOMING_PATH = '/incoming';

type NamedStats = Stats & { name: string };

/** What one login's file system is given besides its directory. */
export interface IncomingFileSystemOptions {
  readonly limits: IncomingLimits;
  /** The global incoming quota, shared with the other logins and with HTTP. */
  readonly quota: IncomingQuota;
  /** A STOR whose data connection sends nothing this long is aborted (426), nothing kept. */
  readonly transferIdleTimeoutMs: number;
}

const notAllowed = (what: string): IncomingRefusedError =>
  new IncomingRefusedError('operation-not-allowed', `${what} is not allowed: incoming only accepts new files (STOR into ${FTP_INCOMING_PATH})`);

/**
 * The file system one FTP login sees: a virtual tree of `/` and `/incoming`, nothing else.
 * Every client path is resolved against the virtual cwd and normalised first, so `..` and absolute
 * paths can only name `/`, `/incoming` or `/incoming/<plain name>`; the disk path is then always
 * `<incoming dir>/<plain name>` (never a client-supplied path). STOR writes through
 * IncomingFileWriter (partial file, size limits, global quota, rename when whole; a data connection
 * idle for the transfer timeout aborts it); reads, deletes, renames, mkdir and chmod are refused.
 * LIST/NLST show the complete plain files of `/incoming` only, without following symlinks. The
 * upload budget is per login (one dput run).
 */
export class IncomingFileSystem extends FileSystem {
  private virtualCwd = '/';
  private storedBytes = 0;
  private transfers = 0;

  constructor(
    private readonly ftpConnection: FtpConnection,
    private readonly incomingDir: string,
    private readonly options: IncomingFileSystemOptions,
  ) {
    super(ftpConnection, { root: incomingDir, cwd: '/' });
  }

  /** True while a STOR of this login is receiving data (the control connection is silent meanwhile). */
  get transferring(): boolean {
    return this.transfers > 0;
  }

  override currentDirectory(): string {
    return this.virtualCwd;
  }

  override async chdir(path = '.'): Promise<string> {
    const target = this.resolve(path);
    if (target !== '/' && target !== FTP_INCOMING_PATH) throw this.outside(path, 'is not a directory here');
    this.virtualCwd = target;
    return target;
  }

  override async get(path: string): Promise<NamedStats> {
    this.incomingDirectory(path);
    return Object.assign(await lstat(this.incomingDir), { name: path });
  }

  override async list(path = '.'): Promise<NamedStats[]> {
    this.incomingDirectory(path);
    const entries = await readdir(this.incomingDir, { withFileTypes: true });
    const files = entries.filter((entry) => entry.isFile() && isIncomingFileName(entry.name));
    const stats = await Promise.all(
      files.map(async ({ name }) => {
        const stat = await lstat(join(this.incomingDir, name)).catch(() => undefined);
        return stat?.isFile() ? Object.assign(stat, { name }) : undefined;
      }),
    );
    return stats.filter((stat) => stat !== undefined);
  }

  override async write(path: string, { append = false }: { append?: boolean; start?: unknown } = {}): Promise<{ stream: IncomingFileWriter; clientPath: string }> {
    if (append) throw notAllowed('Appending to a file');
    const target = this.resolve(path);
    if (posix.dirname(target) !== FTP_INCOMING_PATH) throw this.outside(path, `is not a file directly in ${FTP_INCOMING_PATH}`);
    const name = checkIncomingFileName(posix.basename(target));
    const { limits, quota } = this.options;
    const stream = await IncomingFileWriter.open(this.incomingDir, name, {
      maxFileBytes: limits.maxFileBytes,
      maxUploadBytes: limits.maxUploadBytes,
      remainingUploadBytes: limits.maxUploadBytes - this.storedBytes,
      quota,
    });
    stream.once('finish', () => (this.storedBytes += stream.bytes));
    this.watchTransfer(name, stream);
    // ftp-srv ends the upload by emitting 'close' when the stream has close listeners (pipe adds one).
    stream.once('close', () => {
      if (!stream.destroyed && !stream.writableEnded) stream.end();
    });
    return { stream, clientPath: target };
  }

  override read(_path?: string): Promise<never> {
    return Promise.reject(notAllowed('Reading a file'));
  }

  override delete(_path?: string): Promise<never> {
    return Promise.reject(notAllowed('Deleting'));
  }

  override mkdir(_path?: string): Promise<never> {
    return Promise.reject(notAllowed('Creating a directory'));
  }

  override rename(_from?: string, _to?: string): Promise<never> {
    return Promise.reject(notAllowed('Renaming'));
  }

  override chmod(_path?: string, _mode?: string): Promise<never> {
    return Promise.reject(notAllowed('Changing permissions'));
  }

  override getUniqueName(_path?: string): string {
    throw notAllowed('STOU');
  }

  /** Counts the transfer as running until the writer closes, and aborts it when its data connection goes idle. */
  private watchTransfer(name: string, stream: IncomingFileWriter): void {
    // ftp-srv's connector (not in its typings) holds the data connection the STOR reads from.
    const data = (this.ftpConnection as unknown as { connector?: { socket?: Socket | null } }).connector?.socket ?? undefined;
    const seconds = this.options.transferIdleTimeoutMs / 1000;
    const idle = (): void => {
      stream.destroy(new IncomingRefusedError('transfer-idle', `the data connection sent nothing for ${seconds} s: the transfer of ${quoteName(name)} was aborted, nothing of it kept`));
    };
    this.transfers++;
    data?.setTimeout(this.options.transferIdleTimeoutMs);
    data?.once('timeout', idle);
    stream.once('close', () => {
      this.transfers--;
      data?.setTimeout(0);
      data?.removeListener('timeout', idle);
    });
  }

  /** The client path made absolute and normalised in the virtual tree (`..` stops at `/`). */
  private resolve(path: string): string {
    if (path.includes('\0')) throw this.outside(path, 'contains a NUL byte');
    return posix.resolve('/', this.virtualCwd, path.replace(/\\/g, '/'));
  }

  private incomingDirectory(path: string): void {
    if (this.resolve(path) !== FTP_INCOMING_PATH) throw this.outside(path, `is not ${FTP_INCOMING_PATH}; only ${FTP_INCOMING_PATH} can be listed`);
  }

  private outside(path: string, what: string): IncomingRefusedError {
    return new IncomingRefusedError('path-not-allowed', `${quoteName(path)} ${what}`);
  }
}
