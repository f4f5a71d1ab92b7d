/**
 * Source uploads made on the fly for end-to-end tests: test packages (or renamed copies of them)
 * built with test/packages/build-source.sh, and the edits bad uploads need (a .dsc that names a file
 * nobody sends, a malformed .dsc, a re-encoded .changes), with the .changes' checksums kept right.
 */
import { digestsOf, type FileDigests } from '@mbd/debian';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packages = join(process.cwd(), 'test/packages');

export interface SourceOptions {
  /** Replaces the version of the top changelog entry. */
  readonly version?: string;
  /** `-sd`: leave the orig tarball of a non-native source out of the .changes (a `-2` upload). */
  readonly withoutOrig?: boolean;
}

/**
 * The unsigned source upload of a test package (a name under test/packages) or of a source tree (a
 * path; its directory name is the source name); returns the `_source.changes` path. Every file the
 * build made, also an orig tarball left out of the upload, is in the .changes' directory.
 */
export async function buildSource(pkgOrTree: string, options: SourceOptions = {}): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `mbd-src-${basename(pkgOrTree)}-`));
  const args = [join(packages, 'build-source.sh'), ...(options.withoutOrig ? ['-sd'] : []), pkgOrTree, out, ...(options.version ? [options.version] : [])];
  const { stdout } = await run('bash', args);
  return stdout.trim().split('\n').at(-1)!;
}

/**
 * A copy of test package `from` as the source `name` (every occurrence of the old name in file
 * names and contents replaced), in a temp directory; `edit` may change the tree before it is
 * returned. Returns the tree's path, for `buildSource`.
 */
export function deriveSource(from: string, name: string, edit?: (tree: string) => void): string {
  const tree = join(mkdtempSync(join(tmpdir(), `mbd-tree-${name}-`)), name);
  cpSync(join(packages, from), tree, { recursive: true });
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      let path = join(dir, entry);
      if (entry.includes(from)) {
        const renamed = join(dir, entry.replaceAll(from, name));
        renameSync(path, renamed);
        path = renamed;
      }
      if (statSync(path).isDirectory()) walk(path);
      else writeFileSync(path, readFileSync(path, 'utf8').replaceAll(from, name));
    }
  };
  walk(tree);
  edit?.(tree);
  return tree;
}

/** The file names a .changes (or .dsc) lists in its `Files:` field. */
export function listedFiles(path: string): string[] {
  const field = /^Files:[ \t]*\r?\n((?:[ \t].*\r?\n?)+)/m.exec(readFileSync(path, 'utf8'));
  return field ? field[1]!.trim().split(/\r?\n/).map((line) => line.trim().split(/\s+/).at(-1)!) : [];
}

/** Every file of an upload: the listed files, then the .changes (the order dput sends them in). */
export const uploadFiles = (changes: string): string[] => [...listedFiles(changes).map((name) => join(dirname(changes), name)), changes];

type Digests = FileDigests;

const fieldHash: Record<string, keyof Omit<Digests, 'size'>> = { Files: 'md5', 'Checksums-Sha1': 'sha1', 'Checksums-Sha256': 'sha256' };

/** Rewrites the size and checksums of `name` in every checksum field of a control file's text. */
const withDigests = (text: string, name: string, digests: Digests): string =>
  text.replace(/^(Files|Checksums-Sha1|Checksums-Sha256):[ \t]*\n((?:[ \t].*\n?)+)/gm, (whole, field: string, lines: string) => {
    const hash = digests[fieldHash[field]!];
    const rewritten = lines
      .split('\n')
      .map((line) => {
        const parts = line.trim().split(/\s+/);
        if (parts.at(-1) !== name) return line;
        return ` ${[hash, String(digests.size), ...parts.slice(2)].join(' ')}`;
      })
      .join('\n');
    return `${field}:\n${rewritten}`;
  });

/** After a listed file was changed, puts its new size and checksums into the (unsigned) .changes. */
export function refreshListed(changes: string, name: string): void {
  const digests = digestsOf(readFileSync(join(dirname(changes), name)));
  writeFileSync(changes, withDigests(readFileSync(changes, 'utf8'), name, digests));
}

/** Replaces the .dsc of an (unsigned) upload by `edit(text)` and fixes the .changes' entries for it. */
export function editDsc(changes: string, edit: (dsc: string) => string): string {
  const name = listedFiles(changes).find((file) => file.endsWith('.dsc'))!;
  const path = join(dirname(changes), name);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  refreshListed(changes, name);
  return path;
}

/**
 * A .dsc text that also names `file` (with the checksums of `content`) in Files and both Checksums
 * fields, as a `-2` upload names its orig tarball; the file itself is sent by nobody.
 */
export function dscNaming(dsc: string, file: string, content: Uint8Array): string {
  const digests = digestsOf(content);
  return dsc.replace(/^(Files|Checksums-Sha1|Checksums-Sha256):[ \t]*\n/gm, (line, field: string) => `${line} ${digests[fieldHash[field]!]} ${digests.size} ${file}\n`);
}

/** A byte-different but validly signed copy of a signed .changes: CRLF line ends. */
export const withCrlf = (signed: string): string => signed.replace(/\r?\n/g, '\r\n');

/** A byte-different but validly signed copy of a signed .changes: an extra armor header in its signature block. */
export const withArmorComment = (signed: string, comment = 'x'): string =>
  signed.replace(/^-----BEGIN PGP SIGNATURE-----\r?\n/m, (line) => `${line}Comment: ${comment}\n`);

/** Copies an upload's files (and the .changes, re-encoded by `reencode`, named `name`) into a new directory; returns the new .changes path. */
export function copyUpload(changes: string, reencode: (text: string) => string = (text) => text, name: string = basename(changes)): string {
  const dir = mkdtempSync(join(tmpdir(), 'mbd-copy-'));
  for (const listed of listedFiles(changes)) cpSync(join(dirname(changes), listed), join(dir, listed));
  const copy = join(dir, name);
  writeFileSync(copy, reencode(readFileSync(changes, 'utf8')));
  return copy;
}
