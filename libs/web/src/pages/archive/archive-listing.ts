import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** One entry of a directory of an archive tree. */
export interface TreeEntry {
  readonly name: string;
  readonly directory: boolean;
  /** Bytes, for files. */
  readonly size: number;
}

/** What a path of a tree is: a directory with its entries, a file, or nothing that may be shown. */
export type TreeNode =
  | { readonly kind: 'directory'; readonly entries: readonly TreeEntry[] }
  | { readonly kind: 'file'; readonly size: number }
  | { readonly kind: 'missing' };

/** What apt needs of a reprepro tree (conf/, db/ and the rest are never shown). */
const TREE_TOP = ['dists', 'pool'] as const;

const missing = { kind: 'missing' } as const;

const isMissing = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && ['ENOENT', 'ENOTDIR', 'ELOOP'].includes(String((error as { code?: unknown }).code));

/** Directories first, then files, each by name (code points). */
const order = (a: TreeEntry, b: TreeEntry): number => (a.directory === b.directory ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.directory ? -1 : 1);

/**
 * Looks at `segments` (checked by parseArchiveTreePath: below dists/ or pool/, no `.`/`..`) in the tree
 * `tree`; the root (no segments) holds only dists/ and pool/. The path is resolved with its symbolic
 * links and must stay inside the tree's dists/ or pool/ (a link out of them is shown as missing);
 * hidden entries (dot files, which the delivery refuses) are left out.
 */
export async function lookAtTree(tree: string, segments: readonly string[]): Promise<TreeNode> {
  try {
    const base = await realpath(tree);
    if (segments.length === 0) {
      const entries = await Promise.all(
        TREE_TOP.map(async (name): Promise<TreeEntry[]> => {
          const info = await stat(join(base, name)).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)));
          return info?.isDirectory() ? [{ name, directory: true, size: 0 }] : [];
        }),
      );
      return { kind: 'directory', entries: entries.flat() };
    }
    const top = segments[0];
    if (!TREE_TOP.some((name) => name === top)) return missing;
    const target = await realpath(join(base, ...segments));
    const inside = relative(join(base, top!), target);
    if (inside.startsWith(`..${sep}`) || inside === '..' || inside.startsWith(sep)) return missing;
    const info = await stat(target);
    if (info.isFile()) return { kind: 'file', size: info.size };
    if (!info.isDirectory()) return missing;
    const names = (await readdir(target)).filter((name) => !name.startsWith('.'));
    const entries = await Promise.all(
      names.map(async (name): Promise<TreeEntry[]> => {
        const entry = await stat(join(target, name)).catch((error: unknown) => (isMissing(error) ? undefined : Promise.reject(error)));
        if (entry?.isDirectory()) return [{ name, directory: true, size: 0 }];
        if (entry?.isFile()) return [{ name, directory: false, size: entry.size }];
        return [];
      }),
    );
    return { kind: 'directory', entries: entries.flat().sort(order) };
  } catch (error) {
    if (isMissing(error)) return missing;
    throw error;
  }
}

/** Entries shown per page of a directory listing. */
export const ENTRIES_PER_PAGE = 500;

/** One page of a listing, by name after `after` (keyset), with the name the next page starts after. */
export function listingPage(entries: readonly TreeEntry[], after: string | undefined, size: number = ENTRIES_PER_PAGE): { entries: readonly TreeEntry[]; next?: string } {
  const start = after === undefined ? 0 : entries.findIndex((entry) => entry.name === after) + 1;
  const shown = entries.slice(start, start + size);
  return { entries: shown, ...(start + size < entries.length ? { next: shown.at(-1)!.name } : {}) };
}
