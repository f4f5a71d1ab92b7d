import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IncomingRefusedError } from '../errors.js';
import { quoteName } from './incoming-file-name.js';
import { partialDirOf } from './incoming-drop.js';

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Bytes of the regular files directly in `dir` (symlinks and directories count nothing). */
async function bytesIn(dir: string): Promise<number> {
  const names = await readdir(dir).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  const sizes = await Promise.all(
    names.map(async (name) => {
      const stat = await lstat(join(dir, name)).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      return stat?.isFile() ? stat.size : 0;
    }),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/**
 * The global incoming quota: the bytes waiting in every drop directory (FTP and HTTP, complete files
 * and partial transfers) together may not exceed `limitBytes`. A transfer is refused before anything
 * is stored when incoming is full (or its announced size would not fit), and aborted when a chunk
 * would take incoming over the limit. The count is measured on disk when a transfer starts and kept
 * up to date by the writers in between; before refusing a chunk it is measured again, so files the
 * intake has cleared meanwhile are not held against the uploader.
 */
export class IncomingQuota {
  private used = 0;

  constructor(
    private readonly dropDirs: readonly string[],
    readonly limitBytes: number,
  ) {}

  /** Bytes waiting in incoming now, as on disk. */
  async measure(): Promise<number> {
    const sizes = await Promise.all(this.dropDirs.flatMap((dir) => [bytesIn(dir), bytesIn(partialDirOf(dir))]));
    this.used = sizes.reduce((sum, size) => sum + size, 0);
    return this.used;
  }

  /** Before a transfer of `name` starts: refuses it (code `incoming-full`) when incoming is full, or would be with `announcedBytes` more. */
  async admit(name: string, announcedBytes = 0): Promise<void> {
    const used = await this.measure();
    if (used >= this.limitBytes || used + announcedBytes > this.limitBytes) throw this.full(name, used, announcedBytes);
  }

  /** Counts `bytes` of `name` about to be written; refuses them when they would take incoming over the quota. */
  async charge(name: string, bytes: number): Promise<void> {
    if (this.used + bytes > this.limitBytes) await this.measure();
    if (this.used + bytes > this.limitBytes) throw this.full(name, this.used, 0);
    this.used += bytes;
  }

  private full(name: string, used: number, announcedBytes: number): IncomingRefusedError {
    const announced = announcedBytes > 0 ? ` (${announcedBytes} bytes announced)` : '';
    return new IncomingRefusedError(
      'incoming-full',
      `incoming is full: ${used} bytes are waiting to be processed, the quota is ${this.limitBytes} bytes; ` +
        `${quoteName(name)}${announced} was not stored, try again later`,
    );
  }
}
