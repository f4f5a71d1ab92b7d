import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

/** One file of a generated source tree: a path relative to the tree, its bytes, and whether it is executable. */
export interface SourceTreeFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  readonly executable?: boolean;
}

/** Writes `files` under `dir` (which may not exist yet); a path that would leave `dir` is a programming error. */
export async function writeSourceTree(dir: string, files: readonly SourceTreeFile[]): Promise<void> {
  for (const file of files) {
    const relative = normalize(file.path);
    if (relative.startsWith('..') || relative.startsWith('/')) throw new Error(`writeSourceTree: ${file.path} is not inside the tree`);
    const target = join(dir, relative);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    await chmod(target, file.executable ? 0o755 : 0o644);
  }
}
