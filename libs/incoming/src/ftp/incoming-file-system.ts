import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { FileSystem, type FtpConnection } from 'ftp-srv';
import { IncomingRefusedError } from '../errors.js';
import { checkIncomingFileName, isIncomingFileName, quoteName } from '../store/incoming-file-name.js';
import type { IncomingLimits } from '../store/incoming-limits.js';
import { IncomingFileWriter } from '../store/incoming-file.writer.js';

/** The only directory an FTP client can write to, list or change into (besides `/`). */
export const FTP_INCOMING_PATH = '/incoming';

type NamedStats = Stats & { name: string };

const notAllowed = (what: string): IncomingRefusedError =>
  new IncomingRefusedError('operation-not-allowed', `${what} is not allowed: incoming only accepts new files (STOR into ${FTP_INCOMING_PATH})`);

/**
 * The file system one FTP login sees: a virtual tree of `/` and `/incoming`, nothing else.
 * Every client path is resolved against the virtual cwd and normalised first, so `..` and absolute
 * paths can only name `/`, `/incoming` or `/incoming/<plain name>`; the disk path is then always
 * `<incoming dir>/<plain name>` (never a client-supplied path). STOR writes through
 * IncomingFileWriter (partial file, size limits, rename when whole); reads, deletes, renames,
 * mkdir and chmod are refused. LIST/NLST show the complete plain files of `/incoming` only, without
 * following symlinks. The upload budget is per login (one dput run).
 */
export class IncomingFileSystem extends FileSystem {
  private virtualCwd = '/';
  private storedBytes = 0;

  constructor(
    connection: FtpConnection,
    private readonly incomingDir: string,
    private readonly limits: IncomingLimits,
  ) {
    super(connection, { root: incomingDir, cwd: '/' });
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
    const stream = await IncomingFileWriter.open(this.incomingDir, name, {
      maxFileBytes: this.limits.maxFileBytes,
      maxUploadBytes: this.limits.maxUploadBytes,
      remainingUploadBytes: this.limits.maxUploadBytes - this.storedBytes,
    });
    stream.once('finish', () => (this.storedBytes += stream.bytes));
    // ftp-srv ends the upload by emitting 'close' when the stream has close listeners (pipe adds one).
    stream.once('close', () => {
      if (!stream.destroyed && !stream.writableEnded) stream.end();
    });
    return { stream, clientPath: target };
  }

  override read(): Promise<never> {
    return Promise.reject(notAllowed('Reading a file'));
  }

  override delete(): Promise<never> {
    return Promise.reject(notAllowed('Deleting'));
  }

  override mkdir(): Promise<never> {
    return Promise.reject(notAllowed('Creating a directory'));
  }

  override rename(): Promise<never> {
    return Promise.reject(notAllowed('Renaming'));
  }

  override chmod(): Promise<never> {
    return Promise.reject(notAllowed('Changing permissions'));
  }

  override getUniqueName(): string {
    throw notAllowed('STOU');
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
