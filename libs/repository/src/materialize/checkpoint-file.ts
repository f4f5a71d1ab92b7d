import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The reactor's checkpoint beside the trees: the global position of the last event applied to them. */
export const checkpointPath = (root: string): string => join(root, '.mbd-checkpoint');

/** 0 when no checkpoint was written yet (nothing applied). */
export async function readCheckpoint(root: string): Promise<number> {
  const path = checkpointPath(root);
  try {
    const text = (await readFile(path, 'utf8')).trim();
    const position = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(position)) throw new Error(`${path} holds "${text}", not a log position`);
    return position;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/** Replaces the checkpoint atomically (temp file, fsync, rename). */
export async function writeCheckpoint(root: string, position: number): Promise<void> {
  const path = checkpointPath(root);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomUUID()}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(`${position}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, path);
}
