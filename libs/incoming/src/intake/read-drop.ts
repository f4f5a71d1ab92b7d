import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PARTIAL_DIR, nameOfPartial, partialDirOf } from '../store/incoming-drop.js';

export interface DropEntry {
  readonly name: string;
  readonly path: string;
  /** A regular file (not a symlink, directory, FIFO…). */
  readonly regular: boolean;
  readonly mtimeMs: number;
}

export interface DropContents {
  /** Everything in the drop except `.partial`, by name. */
  readonly entries: ReadonlyMap<string, DropEntry>;
  /** Files being written, with the name each will get. */
  readonly partials: readonly (DropEntry & { readonly target: string })[];
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

async function entriesOf(dir: string): Promise<DropEntry[]> {
  const names = await readdir(dir).catch((error: unknown) => {
    if (isMissing(error)) return [];
    throw error;
  });
  const entries = await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const stat = await lstat(path).catch((error: unknown) => {
        if (isMissing(error)) return undefined;
        throw error;
      });
      return stat && { name, path, regular: stat.isFile(), mtimeMs: stat.mtimeMs };
    }),
  );
  return entries.filter((entry) => entry !== undefined);
}

/** One look at a drop directory, without following any symlink. */
export async function readDrop(dir: string): Promise<DropContents> {
  const entries = (await entriesOf(dir)).filter((entry) => entry.name !== PARTIAL_DIR);
  const partials = (await entriesOf(partialDirOf(dir))).map((entry) => ({ ...entry, target: nameOfPartial(entry.name) }));
  return { entries: new Map(entries.map((entry) => [entry.name, entry])), partials };
}
