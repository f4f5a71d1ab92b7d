import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { IncomingRefusedError } from '../errors.js';
import { checkIncomingFileName, quoteName } from './incoming-file-name.js';
import { partialDirOf } from './incoming-drop.js';
import type { IncomingQuota } from './incoming-quota.js';

export interface IncomingFileBudget {
  readonly maxFileBytes: number;
  /** What is left of the upload's (FTP session's) byte budget. */
  readonly remainingUploadBytes: number;
  readonly maxUploadBytes: number;
  /** The global incoming quota every write counts against. */
  readonly quota: IncomingQuota;
  /** The size the client announced (HTTP Content-Length): refused before anything is stored when it would not fit. */
  readonly announcedBytes?: number;
  /** A last check of the whole file (still partial) before it is renamed into the drop; throwing refuses it. */
  readonly beforeCommit?: (partialPath: string) => Promise<void>;
}

/** Opens `<drop>/.partial` for writing, refusing a symlink or anything but a directory there. */
async function ensurePartialDir(dir: string): Promise<string> {
  const partialDir = partialDirOf(dir);
  await mkdir(partialDir, { recursive: true, mode: 0o700 });
  const stat = await lstat(partialDir);
  if (!stat.isDirectory()) throw new Error(`${partialDir} is not a directory (a symlink?); incoming refuses to write through it`);
  return partialDir;
}

/**
 * Writes one incoming file: into `<dir>/.partial/<name>.<random>` (created exclusively, never
 * following a symlink), counting bytes against the limits and the global quota (a transfer is not
 * even started when incoming is full), then fsynced and renamed to `<dir>/<name>`
 * when the stream ends. A refused or aborted write removes the partial file, so a name in `dir`
 * is always a whole file. Renaming replaces an existing entry of that name (a re-sent file, or even a
 * symlink) without writing through it.
 */
export class IncomingFileWriter extends Writable {
  private written = 0;
  private committed = false;

  private constructor(
    readonly name: string,
    readonly target: string,
    private readonly partial: string,
    private readonly file: FileHandle,
    private readonly budget: IncomingFileBudget,
  ) {
    super();
  }

  static async open(dir: string, name: string, budget: IncomingFileBudget): Promise<IncomingFileWriter> {
    checkIncomingFileName(name);
    await budget.quota.admit(name, budget.announcedBytes);
    const partialDir = await ensurePartialDir(dir);
    const partial = join(partialDir, `${name}.${randomBytes(8).toString('hex')}`);
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const file = await open(partial, flags, 0o644);
    return new IncomingFileWriter(name, join(dir, name), partial, file, budget);
  }

  /** Bytes received so far (all of the file once 'finish' was emitted). */
  get bytes(): number {
    return this.written;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this._writev([{ chunk }], callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    const buffers = chunks.map(({ chunk }) => chunk);
    const size = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
    const refusal = this.refusalFor(this.written + size);
    if (refusal) return callback(refusal);
    this.budget.quota
      .charge(this.name, size)
      .then(async () => {
        this.written += size;
        await this.file.writev(buffers);
      })
      .then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const commit = async (): Promise<void> => {
      await this.file.sync();
      await this.file.close();
      await this.budget.beforeCommit?.(this.partial);
      await rename(this.partial, this.target);
      this.committed = true;
    };
    commit().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.committed) return callback(error);
    const discard = async (): Promise<void> => {
      await this.file.close().catch(() => undefined);
      await unlink(this.partial).catch(() => undefined);
    };
    void discard().then(() => callback(error));
  }

  private refusalFor(total: number): IncomingRefusedError | undefined {
    const { maxFileBytes, remainingUploadBytes, maxUploadBytes } = this.budget;
    if (total > maxFileBytes) {
      return new IncomingRefusedError('file-too-large', `${quoteName(this.name)} is larger than the limit of ${maxFileBytes} bytes per file; transfer aborted`);
    }
    if (total > remainingUploadBytes) {
      return new IncomingRefusedError('upload-too-large', `${quoteName(this.name)} takes the upload over the limit of ${maxUploadBytes} bytes; transfer aborted`);
    }
    return undefined;
  }
}
