import { uploadIdOf } from '@mbd/incoming';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OwnUploads } from '../own-uploads/own-uploads.js';

/** One of mbd's own uploads as it entered incoming: the .changes name and the id of its `upload-<id>` stream. */
export interface StartedUpload {
  readonly distribution: string;
  readonly source: string;
  readonly version: string;
  readonly changes: string;
  readonly uploadId: string;
}

/**
 * Makes a source tree in a fresh temporary directory (`prepare` returns the tree's path in it), feeds
 * it through OwnUploads and removes the directory again, whatever happened.
 */
export async function uploadTree(
  ownUploads: OwnUploads,
  what: Omit<StartedUpload, 'changes' | 'uploadId'>,
  prepare: (dir: string) => Promise<string>,
): Promise<StartedUpload> {
  const dir = await mkdtemp(join(tmpdir(), `mbd-${what.source}-`));
  try {
    const tree = await prepare(dir);
    const changes = await ownUploads.upload({ tree });
    const uploadId = uploadIdOf(await readFile(join(dirname(tree), changes)));
    return { ...what, changes, uploadId };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
