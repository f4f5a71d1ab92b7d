import { createHash, randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, open, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { BlobCorruptError, BlobNotFoundError } from '../errors.js';
import { BlobStore, type BlobCopy, type BlobDeleteOptions, type BlobRef } from './blob-store.port.js';
import { eachInTurns } from './each-in-turns.js';

const sha256Pattern = /^[0-9a-f]{64}$/;

/** Bytes read at a time when hashing: most packages fit in one read. */
const hashChunk = 1 << 16;

/** SHA-256 and size of a file, read through one descriptor (fewer calls than a read stream: blobs are mostly small). */
const hashFile = async (path: string): Promise<BlobRef> => {
  const hash = createHash('sha256');
  let size = 0;
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(hashChunk);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, hashChunk, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await file.close();
  }
  return { sha256: hash.digest('hex'), size };
};

/**
 * Hard-links `path` to `target`, replacing it; copies across file systems. Linked at once into the
 * usual fresh directory: the directory is made, or an old target removed, only when the link says so.
 */
async function linkOrCopy(path: string, target: string): Promise<void> {
  const copyUnlessLinkable = async (error: unknown): Promise<void> => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
    await copyFile(path, target);
  };
  await link(path, target).catch(async (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') await mkdir(dirname(target), { recursive: true });
    else if (code === 'EEXIST') await rm(target, { force: true });
    else return copyUnlessLinkable(error);
    await link(path, target).catch(copyUnlessLinkable);
  });
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The embedded blob store: a directory, each blob at `<root>/ab/cd/<sha256>`. Writes go to a temp file
 * in the blob's own directory, are fsynced and renamed into place, so a blob is either whole or absent.
 * Reads and copies verify the hash. Putting bytes already stored sets the blob's modification time
 * to now (the "put since" that delete checks).
 */
export class FsBlobStore extends BlobStore {
  constructor(private readonly root: string) {
    super();
  }

  /** Where the blob with this SHA-256 lives (whether or not it exists). */
  pathOf(sha256: string): string {
    if (!sha256Pattern.test(sha256)) throw new BlobNotFoundError(sha256, 'not a SHA-256 (64 lowercase hex digits)');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async putFile(path: string): Promise<BlobRef> {
    const ref = await hashFile(path);
    if (await this.refresh(ref.sha256)) return ref;
    await this.store(ref.sha256, async (temp) => {
      await copyFile(path, temp);
      const copied = await hashFile(temp);
      if (copied.sha256 !== ref.sha256) throw new BlobCorruptError(ref.sha256, copied.sha256, `${path} (changed while it was stored)`);
    });
    return ref;
  }

  async putBuffer(bytes: Uint8Array): Promise<BlobRef> {
    const ref = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.byteLength };
    if (await this.refresh(ref.sha256)) return ref;
    await this.store(ref.sha256, async (temp) => {
      const file = await open(temp, 'wx');
      try {
        await file.writeFile(bytes);
      } finally {
        await file.close();
      }
    });
    return ref;
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch (error) {
      if (error instanceof BlobNotFoundError || isMissing(error)) return false;
      throw error;
    }
  }

  async read(sha256: string): Promise<Buffer> {
    const path = this.pathOf(sha256);
    const bytes = await readFile(path).catch((error: unknown) => {
      throw isMissing(error) ? new BlobNotFoundError(sha256, path) : error;
    });
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha256) throw new BlobCorruptError(sha256, actual, path);
    return bytes;
  }

  /** Verifies the blob, then hard-links it to `target` (copies across file systems); replaces `target`. */
  async copyTo(sha256: string, target: string): Promise<void> {
    const path = this.pathOf(sha256);
    const actual = await hashFile(path).catch((error: unknown) => {
      throw isMissing(error) ? new BlobNotFoundError(sha256, path) : error;
    });
    if (actual.sha256 !== sha256) throw new BlobCorruptError(sha256, actual.sha256, path);
    await linkOrCopy(path, target);
  }

  /**
   * Verifies all the blobs with one `sha256sum --check` (coreutils, off the event loop), then links
   * each to its target. When any is missing or corrupt, or sha256sum cannot run, falls back to copyTo
   * one by one, which names the blob at fault.
   */
  override async copyAllTo(copies: readonly BlobCopy[]): Promise<void> {
    if (copies.length === 0) return;
    const paths = copies.map((copy) => this.pathOf(copy.sha256));
    const check = await execa('sha256sum', ['--check', '--strict', '--quiet', '-'], {
      input: copies.map((copy, index) => `${copy.sha256}  ${paths[index]!}\n`).join(''),
      reject: false,
    });
    if (check.failed || check.exitCode !== 0) return super.copyAllTo(copies);
    await eachInTurns(copies, (copy, index) => linkOrCopy(paths[index]!, copy.target));
  }

  /**
   * Moves the blob aside first (atomic), then decides: a put that refreshed it before the move shows
   * in its modification time (it is put back), one after the move finds it absent and stores it anew.
   */
  async delete(sha256: string, { unlessPutSince }: BlobDeleteOptions = {}): Promise<boolean> {
    const path = this.pathOf(sha256);
    const doomed = `${path}.${randomUUID()}.deleting`;
    try {
      await rename(path, doomed);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    if (unlessPutSince && (await stat(doomed)).mtimeMs >= unlessPutSince.getTime()) {
      await link(doomed, path).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
      await unlink(doomed);
      return false;
    }
    await unlink(doomed);
    return true;
  }

  /** True when the blob exists; its modification time is set to now. */
  private async refresh(sha256: string): Promise<boolean> {
    const now = new Date();
    try {
      await utimes(this.pathOf(sha256), now, now);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  private async store(sha256: string, write: (temp: string) => Promise<void>): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await write(temp);
      const file = await open(temp, 'r+');
      try {
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
      const directory = await open(dirname(path), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
