import { type Deb822Paragraph } from '../deb822/deb822-paragraph.js';
import { DebianParseError } from '../errors.js';
import { printable } from '../printable.js';
import { type FileName, parseFileName } from './file-name.js';

/** One file a .changes, .dsc or .buildinfo lists, with all its checksums merged from the lists. */
export interface ListedFile {
  readonly name: FileName;
  readonly size: number;
  readonly md5: string;
  readonly sha1: string | undefined;
  readonly sha256: string;
  /** Only in a .changes' Files list (`main/misc`, `byhand`). */
  readonly section?: string;
  readonly priority?: string;
}

export type ChecksumAlgorithm = 'MD5' | 'SHA-1' | 'SHA-256';

interface Entry {
  readonly name: FileName;
  readonly size: number;
  readonly hash: string;
  readonly line: number;
  readonly section?: string;
  readonly priority?: string;
}

const HEX_LENGTH: Record<ChecksumAlgorithm, number> = { MD5: 32, 'SHA-1': 40, 'SHA-256': 64 };
const SECTION_OR_PRIORITY = /^[a-z0-9][a-z0-9/+._-]*$|^-$/;

/**
 * Merges the file lists of a paragraph: the MD5 list (`Files` in .changes/.dsc, `Checksums-Md5` in
 * .buildinfo), `Checksums-Sha1` (optional) and `Checksums-Sha256` (required). Every list must name
 * the same files with the same sizes; a file listed twice, a malformed line or a missing list is refused.
 */
export function parseListedFiles(paragraph: Deb822Paragraph, md5Field: 'Files' | 'Checksums-Md5', withSectionAndPriority: boolean): ListedFile[] {
  const md5 = parseList(paragraph, md5Field, 'MD5', withSectionAndPriority);
  const sha256 = parseList(paragraph, 'Checksums-Sha256', 'SHA-256', false);
  const sha1 = paragraph.has('Checksums-Sha1') ? parseList(paragraph, 'Checksums-Sha1', 'SHA-1', false) : undefined;
  for (const [field, other] of [['Checksums-Sha256', sha256], ['Checksums-Sha1', sha1]] as const) {
    if (other !== undefined) checkSameFiles(paragraph, md5Field, md5, field, other);
  }
  return [...md5.values()].map((entry) => ({
    name: entry.name,
    size: entry.size,
    md5: entry.hash,
    sha1: sha1?.get(entry.name)?.hash,
    sha256: sha256.get(entry.name)!.hash,
    ...(withSectionAndPriority ? { section: entry.section, priority: entry.priority } : {}),
  }));
}

function parseList(paragraph: Deb822Paragraph, field: string, algorithm: ChecksumAlgorithm, withSectionAndPriority: boolean): Map<FileName, Entry> {
  const value = paragraph.require(field);
  const firstLine = paragraph.field(field)!.line;
  const entries = new Map<FileName, Entry>();
  value.split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    const where = { line: firstLine === 0 ? undefined : firstLine + index, field };
    const words = text.trim().split(/\s+/);
    const expected = withSectionAndPriority ? 5 : 3;
    if (words.length !== expected) {
      throw new DebianParseError('invalid-field', `expected "${algorithm.toLowerCase()} size ${withSectionAndPriority ? 'section priority ' : ''}name", got '${printable(text.trim(), 60)}'`, where);
    }
    const [hash, sizeText] = words as [string, string];
    const name = parseFileName(words[expected - 1]!, where);
    if (hash.length !== HEX_LENGTH[algorithm] || !/^[0-9a-f]+$/.test(hash)) {
      throw new DebianParseError('invalid-field', `'${printable(hash, 70)}' is not a ${algorithm} checksum (${HEX_LENGTH[algorithm]} lower-case hex digits) for ${name}`, where);
    }
    if (!/^[0-9]{1,15}$/.test(sizeText)) throw new DebianParseError('invalid-field', `'${printable(sizeText, 20)}' is not a file size for ${name}`, where);
    if (entries.has(name)) throw new DebianParseError('inconsistent-file-lists', `${name} is listed twice`, where);
    const entry: Entry = { name, size: Number(sizeText), hash, line: where.line ?? 0 };
    if (withSectionAndPriority) {
      const [section, priority] = [words[2]!, words[3]!];
      for (const word of [section, priority]) {
        if (!SECTION_OR_PRIORITY.test(word)) throw new DebianParseError('invalid-field', `'${printable(word, 40)}' is not a section or priority for ${name}`, where);
      }
      entries.set(name, { ...entry, section, priority });
    } else {
      entries.set(name, entry);
    }
  });
  if (entries.size === 0) throw new DebianParseError('missing-field', `${field} lists no files`, { line: firstLine || undefined, field });
  return entries;
}

function checkSameFiles(paragraph: Deb822Paragraph, field: string, files: Map<FileName, Entry>, otherField: string, other: Map<FileName, Entry>): void {
  for (const [name, entry] of other) {
    const listed = files.get(name);
    if (listed === undefined) {
      throw new DebianParseError('inconsistent-file-lists', `${name} is in ${otherField} but not in ${field}`, { line: entry.line || undefined, field: otherField });
    }
    if (listed.size !== entry.size) {
      throw new DebianParseError('inconsistent-file-lists', `${name} has size ${listed.size} in ${field} but ${entry.size} in ${otherField}`, {
        line: listed.line || undefined,
        field,
      });
    }
  }
  for (const [name, entry] of files) {
    if (!other.has(name)) {
      throw new DebianParseError('inconsistent-file-lists', `${name} is in ${field} but not in ${otherField}`, {
        line: paragraph.field(otherField)?.line ?? (entry.line || undefined),
        field: otherField,
      });
    }
  }
}
