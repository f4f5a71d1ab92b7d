import { type DebianInput, decodeInput, DEFAULT_MAX_BYTES } from '../deb822/decode-input.js';
import { parseVersionAt } from '../deb822/field-values.js';
import { DebianParseError } from '../errors.js';
import { parseDistribution, parsePackageName } from '../names/package-name.js';
import { findControlCharacter, printable } from '../printable.js';
import type { ChangelogEntry } from './changelog-entry.js';
import { parseRfc2822Date } from './rfc2822-date.js';

export interface ParseChangelogOptions {
  /** Stop after this many entries (mbd mostly needs the first). Default: all. */
  readonly maxEntries?: number;
  /** Refuse larger input (default 1 MiB). */
  readonly maxBytes?: number;
}

const HEADER = /^(\S+) \(([^()\s]+)\) ([^;]+);\s*(.*)$/;
const TRAILER = /^ -- (.+ <[^<>]+>) {2}(\S.*)$/;
/** Old entries in free form that dpkg-parsechangelog stops at too. */
const END_OF_ENTRIES = /^(Local variables:|Old Changelog:|# ?vim:|\/\* -\*-)/i;

/**
 * Parses debian/changelog (Debian policy 4.4) into entries, newest first: `package (version)
 * distributions; urgency=…`, change lines indented by two spaces, ` -- Name <email>  date`. Errors name the line.
 */
export function parseChangelog(input: DebianInput, options: ParseChangelogOptions = {}): ChangelogEntry[] {
  const lines = decodeInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES, 'changelog').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  const entries: ChangelogEntry[] = [];
  let i = 0;
  while (i < lines.length && entries.length < maxEntries) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (END_OF_ENTRIES.test(line)) break;
    const parsed = parseEntry(lines, i);
    entries.push(parsed.entry);
    i = parsed.next;
  }
  if (entries.length === 0) throw new DebianParseError('invalid-changelog', 'changelog has no entries', { line: 1 });
  return entries;
}

function parseEntry(lines: readonly string[], start: number): { entry: ChangelogEntry; next: number } {
  const fail = (index: number, reason: string): never => {
    throw new DebianParseError('invalid-changelog', reason, { line: index + 1 });
  };
  const at = (index: number) => ({ line: index + 1 });
  const text = (index: number): string => {
    const line = lines[index]!.replace(/\r$/, '');
    const control = findControlCharacter(line);
    if (control >= 0) fail(index, `control character ${printable(line[control]!)} in column ${control + 1}`);
    return line;
  };
  const header = HEADER.exec(text(start));
  if (header === null) fail(start, `expected an entry header "package (version) distribution; urgency=…", got '${printable(lines[start]!, 60)}'`);
  const [, name, versionText, distributionText, optionText] = header as unknown as string[];
  const options: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of optionText!.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^([A-Za-z][A-Za-z0-9-]*)=(\S+)$/.exec(pair);
    if (match === null) fail(start, `'${printable(pair, 40)}' is not a key=value pair`);
    options[match![1]!.toLowerCase()] = match![2]!;
  }
  const urgency = options['urgency'];
  if (urgency === undefined) fail(start, 'the entry header has no urgency=');
  delete options['urgency'];
  const entryHead = {
    package: parsePackageName(name!, at(start)),
    version: parseVersionAt(versionText!, at(start)),
    distributions: distributionText!.trim().split(/\s+/).map((distribution) => parseDistribution(distribution, at(start))),
    urgency: urgency!,
    options,
    line: start + 1,
  };
  const changes: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = text(i);
    const trailer = TRAILER.exec(line);
    if (trailer !== null) {
      const time = parseRfc2822Date(trailer[2]!.trim());
      if (time === undefined) fail(i, `'${printable(trailer[2]!, 40)}' is not an RFC 2822 date like "Mon, 02 Jan 2023 10:00:00 +0100"`);
      while (changes.length > 0 && changes[0] === '') changes.shift();
      while (changes.length > 0 && changes.at(-1) === '') changes.pop();
      return { entry: { ...entryHead, changes, maintainer: trailer[1]!, date: trailer[2]!.trim(), time: time! }, next: i + 1 };
    }
    if (line.trim() === '') changes.push('');
    else if (line.startsWith('  ') || line.startsWith('\t')) changes.push(line.startsWith('\t') ? line.slice(1) : line.slice(2));
    else if (line.startsWith(' --')) fail(i, 'trailer line must be " -- Name <email>  date" (two spaces before the date)');
    else fail(i, `change lines must be indented by two spaces; is the trailer line " -- Name <email>  date" of the entry on line ${start + 1} missing?`);
  }
  return fail(lines.length - 1, `the entry starting on line ${start + 1} has no trailer line " -- Name <email>  date"`);
}
