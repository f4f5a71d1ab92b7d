import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDeb822, valueWords } from '@mbd/debian';
import { NoMirrorError } from '../errors.js';

/** One apt configuration file: its path (for messages) and its text. */
export interface AptSourcesFile {
  readonly path: string;
  readonly text: string;
}

interface AptEntry {
  readonly uri: string;
  readonly suites: readonly string[];
}

const isSecurity = (entry: AptEntry): boolean => /-security\/?$/.test(entry.uri) || entry.suites.some((suite) => suite.endsWith('-security'));

/** `deb` entries of a deb822 `.sources` file (sources.list(5), "DEB822-STYLE FORMAT"). */
function deb822Entries(file: AptSourcesFile): AptEntry[] {
  return parseDeb822(file.text, { allowComments: true, what: file.path }).paragraphs
    .filter((paragraph) => valueWords(paragraph.get('Types') ?? '').includes('deb') && paragraph.get('Enabled') !== 'no')
    .flatMap((paragraph) => valueWords(paragraph.get('URIs') ?? '').map((uri) => ({ uri, suites: valueWords(paragraph.get('Suites') ?? '') })));
}

/** `deb [options] uri suite [component…]` lines of a one-line-style `.list` file. */
function oneLineEntries(file: AptSourcesFile): AptEntry[] {
  return file.text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().replace(/\[[^\]]*\]\s*/, ''))
    .map((line) => line.split(/\s+/))
    .filter((words) => words[0] === 'deb' && words.length >= 3)
    .map((words) => ({ uri: words[1] ?? '', suites: [words[2] ?? ''] }));
}

/**
 * The Debian mirror of an apt configuration: the URI of the first `deb` entry that is not a
 * security archive (chroots are made from the main archive). Undefined if there is none.
 */
export function mirrorOfAptSources(files: readonly AptSourcesFile[]): string | undefined {
  const entries = files.flatMap((file) => (file.path.endsWith('.sources') ? deb822Entries(file) : oneLineEntries(file)));
  return entries.find((entry) => !isSecurity(entry))?.uri;
}

/**
 * The Debian mirror this machine's apt uses (`/etc/apt/sources.list` and
 * `/etc/apt/sources.list.d/*.{list,sources}`), for the sandbox and tests. Throws NoMirrorError.
 */
export async function systemMirror(aptDir = '/etc/apt'): Promise<string> {
  const partsDir = join(aptDir, 'sources.list.d');
  const parts = await readdir(partsDir).catch(() => [] as string[]);
  const paths = [join(aptDir, 'sources.list'), ...parts.filter((name) => /\.(list|sources)$/.test(name)).sort().map((name) => join(partsDir, name))];
  const files: AptSourcesFile[] = [];
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) files.push({ path, text });
  }
  const mirror = mirrorOfAptSources(files);
  if (mirror === undefined) throw new NoMirrorError(paths);
  return mirror.replace(/\/+$/, '');
}
