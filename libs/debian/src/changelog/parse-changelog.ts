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
/** Where dpkg's parser stops too: editor variables at the end. */
const EDITOR_VARIABLES = /^(?:(?:;;\s*)?Local variables:|vim:)/i;
/** dpkg's `$ancient_delimiter_re` (Dpkg::Changelog::Debian): the start of an old-format changelog below the entries. */
const OLD_FORMAT = new RegExp(
  `^(?:${[
    String.raw`\w+\s+\w+\s+\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}\s+[\w\s]*\d{4}\s+.*\s+[<(].*[)>]`,
    String.raw`\w+\s+\w+\s+\d{1,2},?\s*\d{4}\s+.*\s+[<(].*[)>]`,
    String.raw`\w[-+0-9a-z.]* \([^() \t]+\);?`,
    String.raw`[\w.+-]+[- ]\S+ Debian \S+`,
    String.raw`Changes from version .* to .*:`,
    String.raw`Changes for [\w.+-]+-[\w.+-]+:?\s*$`,
    String.raw`Old Changelog:\s*$`,
    String.raw`(?:\d+:)?\w[\w.+~-]*:?\s*$`,
  ].join('|')})`,
  'i',
);
/** Longer lines are refused before any pattern looks at them (no changelog needs them; it bounds the work). */
const MAX_LINE = 10_000;
/** Lines dpkg's parser skips anywhere: "# " comments, one-line C comments, RCS keywords. */
const SKIPPED = /^(?:# |\/\*.*\*\/|\$\w+:.*\$)/;

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
    if (line.length > MAX_LINE) throw new DebianParseError('invalid-changelog', `line is longer than ${MAX_LINE} characters`, { line: i + 1 });
    if (EDITOR_VARIABLES.test(line)) break;
    if (SKIPPED.test(line)) {
      i++;
      continue;
    }
    if (!HEADER.test(line) && line.length <= 1000 && OLD_FORMAT.test(line)) break;
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
    if (line.length > MAX_LINE) fail(index, `line is longer than ${MAX_LINE} characters`);
    const control = findControlCharacter(line);
    if (control >= 0) fail(index, `control character ${printable(line[control]!)} in column ${control + 1}`);
    return line;
  };
  const header = HEADER.exec(text(start));
  if (header === null) fail(start, `expected an entry header "package (version) distribution; urgency=…", got '${printable(lines[start]!, 60)}'`);
  const [, name, versionText, distributionText, optionText] = header as unknown as string[];
  const options: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of optionText!.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^([-0-9a-z]+)=\s*(.*\S)$/i.exec(pair);
    if (match === null) fail(start, `'${printable(pair, 40)}' is not a key=value pair`);
    options[match![1]!.toLowerCase()] = match![2]!;
  }
  const urgency = options['urgency']?.replace(/\s.*$/, '').toLowerCase();
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
    if (SKIPPED.test(line)) continue;
    if (line.trim() === '') changes.push('');
    else if (/^\s{2,}\S/.test(line)) changes.push(line.slice(2));
    else if (line.startsWith(' --')) fail(i, 'trailer line must be " -- Name <email>  date" (two spaces before the date)');
    else fail(i, `change lines must be indented by two spaces; is the trailer line " -- Name <email>  date" of the entry on line ${start + 1} missing?`);
  }
  return fail(lines.length - 1, `the entry starting on line ${start + 1} has no trailer line " -- Name <email>  date"`);
}
