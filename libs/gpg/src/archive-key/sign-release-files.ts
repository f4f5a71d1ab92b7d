import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveKey } from './archive-key.js';

/**
 * Signs the `Release` of every distribution under `distsDir` (`dists/<name>/Release`, as written by
 * `reprepro export` without `SignWith`), or of the named ones only (those just exported): writes
 * `InRelease` (clearsigned) and `Release.gpg` (detached) beside it, each replaced atomically so apt
 * never reads a half-written file. Returns the names of the distributions signed, sorted.
 */
export async function signReleaseFiles(distsDir: string, key: ArchiveKey, only?: readonly string[]): Promise<string[]> {
  const signed: string[] = [];
  for (const entry of await readdir(distsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || (only && !only.includes(entry.name))) continue;
    const dir = join(distsDir, entry.name);
    let release: Buffer;
    try {
      release = await readFile(join(dir, 'Release'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const [inRelease, releaseGpg] = await Promise.all([key.signInRelease(release.toString('utf8')), key.signDetached(release)]);
    await replaceFile(join(dir, 'InRelease'), inRelease);
    await replaceFile(join(dir, 'Release.gpg'), releaseGpg);
    signed.push(entry.name);
  }
  return signed.sort();
}

async function replaceFile(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { mode: 0o644 });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
