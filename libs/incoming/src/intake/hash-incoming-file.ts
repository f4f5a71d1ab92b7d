import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** What a .changes can say about a file: its size and its MD5, SHA-1 and SHA-256 (lowercase hex). */
export interface FileDigests {
  readonly size: number;
  readonly md5: string;
  readonly sha1: string;
  readonly sha256: string;
}

/** The file is a symlink, directory, FIFO…: incoming only takes regular files and never follows links. */
export class NotARegularFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} is not a regular file`);
    this.name = 'NotARegularFileError';
  }
}

/**
 * Reads an incoming file once (opened with O_NOFOLLOW, checked to be a regular file on the open
 * descriptor, so a symlink swapped in is never followed) and returns its size and digests, plus the
 * bytes when `keep` is set (for the .changes itself).
 */
export async function hashIncomingFile(path: string, { keep = false } = {}): Promise<FileDigests & { bytes?: Buffer }> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ELOOP' ? new NotARegularFileError(path) : error;
  });
  try {
    if (!(await file.stat()).isFile()) throw new NotARegularFileError(path);
    const hashes = { md5: createHash('md5'), sha1: createHash('sha1'), sha256: createHash('sha256') };
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of file.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
      for (const hash of Object.values(hashes)) hash.update(chunk);
      if (keep) chunks.push(chunk);
      size += chunk.length;
    }
    return {
      size,
      md5: hashes.md5.digest('hex'),
      sha1: hashes.sha1.digest('hex'),
      sha256: hashes.sha256.digest('hex'),
      ...(keep ? { bytes: Buffer.concat(chunks) } : {}),
    };
  } finally {
    await file.close();
  }
}
