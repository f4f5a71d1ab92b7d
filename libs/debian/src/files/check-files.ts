import type { FileName } from './file-name.js';
import type { ChecksumAlgorithm, ListedFile } from './listed-file.js';

/** What the caller measured of one file on disk (or in the blob store). */
export interface FileDigests {
  readonly size: number;
  readonly md5: string;
  readonly sha1: string;
  readonly sha256: string;
}

/** How a listed file differs from what is there. Each carries a message naming the file. */
export type FileProblem =
  | { readonly kind: 'missing'; readonly name: FileName; readonly message: string }
  | { readonly kind: 'size-mismatch'; readonly name: FileName; readonly expected: number; readonly actual: number; readonly message: string }
  | {
      readonly kind: 'checksum-mismatch';
      readonly name: FileName;
      readonly algorithm: ChecksumAlgorithm;
      readonly expected: string;
      readonly actual: string;
      readonly message: string;
    };

/**
 * Checks every file a .changes/.dsc/.buildinfo lists against what `stat` measures (the caller does
 * the I/O: it reads and hashes the named file, or answers undefined when there is none). Returns all
 * problems found, none when every size and checksum matches. A file whose size differs is not also
 * reported for its checksums.
 */
export async function checkFiles(
  listed: { readonly files: readonly ListedFile[] },
  stat: (name: FileName) => Promise<FileDigests | undefined>,
): Promise<FileProblem[]> {
  const problems: FileProblem[] = [];
  for (const file of listed.files) {
    const actual = await stat(file.name);
    if (actual === undefined) {
      problems.push({ kind: 'missing', name: file.name, message: `${file.name} is listed but missing` });
      continue;
    }
    if (actual.size !== file.size) {
      problems.push({
        kind: 'size-mismatch',
        name: file.name,
        expected: file.size,
        actual: actual.size,
        message: `${file.name} has ${actual.size} bytes, ${file.size} are listed`,
      });
      continue;
    }
    const checks: Array<[ChecksumAlgorithm, string | undefined, string]> = [
      ['MD5', file.md5, actual.md5],
      ['SHA-1', file.sha1, actual.sha1],
      ['SHA-256', file.sha256, actual.sha256],
    ];
    for (const [algorithm, expected, got] of checks) {
      if (expected !== undefined && expected !== got.toLowerCase()) {
        problems.push({
          kind: 'checksum-mismatch',
          name: file.name,
          algorithm,
          expected,
          actual: got,
          message: `${file.name}: ${algorithm} checksum ${got} does not match the listed ${expected}`,
        });
      }
    }
  }
  return problems;
}
