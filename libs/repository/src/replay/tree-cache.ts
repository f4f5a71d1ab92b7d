import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of the regular files under `path` (symbolic links are not followed). */
export async function treeBytes(path: string): Promise<number> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.isFile() ? info.size : 0;
  let total = 0;
  for (const name of await readdir(path)) total += await treeBytes(join(path, name));
  return total;
}

interface Entry {
  readonly bytes: number;
}

/**
 * The rebuilt trees of time travel, `<dir>/<position>/`, with their sizes. Adding a tree evicts the
 * least recently used others until the total is within `maxBytes` (the tree just added always stays,
 * even alone above the cap). Trees left by an earlier run are taken over on first use, oldest first;
 * half-built `*.tmp` directories are removed.
 */
export class TreeCache {
  /** Insertion order is use order: the first entry is the least recently used. */
  private readonly entries = new Map<number, Entry>();
  private loaded?: Promise<void>;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  dirOf(position: number): string {
    return join(this.dir, String(position));
  }

  /** The tree of `position` if cached (and marks it used), else undefined. */
  async get(position: number): Promise<string | undefined> {
    await this.load();
    const entry = this.entries.get(position);
    if (!entry) return undefined;
    this.entries.delete(position);
    this.entries.set(position, entry);
    return this.dirOf(position);
  }

  /** Records the tree just renamed into `dirOf(position)`, then evicts beyond the cap. */
  async add(position: number): Promise<void> {
    await this.load();
    this.entries.delete(position);
    this.entries.set(position, { bytes: await treeBytes(this.dirOf(position)) });
    await this.evict(position);
  }

  totalBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    return total;
  }

  positions(): number[] {
    return [...this.entries.keys()];
  }

  private async evict(keep: number): Promise<void> {
    let total = this.totalBytes();
    for (const [position, entry] of [...this.entries]) {
      if (total <= this.maxBytes) return;
      if (position === keep) continue;
      this.entries.delete(position);
      total -= entry.bytes;
      await rm(this.dirOf(position), { recursive: true, force: true });
    }
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      const found: { position: number; mtime: number; bytes: number }[] = [];
      for (const name of await readdir(this.dir)) {
        const path = join(this.dir, name);
        if (name.endsWith('.tmp')) await rm(path, { recursive: true, force: true });
        else if (/^\d+$/.test(name)) found.push({ position: Number(name), mtime: (await lstat(path)).mtimeMs, bytes: await treeBytes(path) });
      }
      for (const tree of found.sort((a, b) => a.mtime - b.mtime)) this.entries.set(tree.position, { bytes: tree.bytes });
    })();
    return this.loaded;
  }
}
