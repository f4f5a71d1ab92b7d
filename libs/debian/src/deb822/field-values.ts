import { DebianParseError, type DebianParseLocation } from '../errors.js';
import { parseArchitecture, parsePackageName, type PackageName } from '../names/package-name.js';
import { type DebianVersion, parseVersion } from '../version/debian-version.js';
import { type Deb822Paragraph, valueWords } from './deb822-paragraph.js';

/** The field's version, with the field's line in any error. */
export function versionField(paragraph: Deb822Paragraph, name: string): DebianVersion {
  return parseVersionAt(paragraph.require(name), fieldLocation(paragraph, name));
}

/** parseVersion, with the location of the text in its errors. */
export function parseVersionAt(text: string, where: DebianParseLocation): DebianVersion {
  try {
    return parseVersion(text);
  } catch (error) {
    throw error instanceof DebianParseError ? new DebianParseError(error.code, error.reason, where) : error;
  }
}

/** `Source: name` or, in .changes/.buildinfo of a binNMU, `Source: name (version)`. */
export function sourceField(paragraph: Deb822Paragraph): { name: PackageName; version: DebianVersion | undefined } {
  const value = paragraph.require('Source');
  const where = { line: paragraph.field('Source')?.line, field: 'Source' };
  const match = /^(\S+)(?:\s+\((\S+)\))?$/.exec(value);
  if (match === null) throw new DebianParseError('invalid-field', 'expected "name" or "name (version)"', where);
  return {
    name: parsePackageName(match[1]!, where),
    version: match[2] === undefined ? undefined : parseVersionAt(match[2], where),
  };
}

/** A whitespace-separated Architecture list; must not be empty. */
export function architecturesField(paragraph: Deb822Paragraph): string[] {
  const where = { line: paragraph.field('Architecture')?.line, field: 'Architecture' };
  return valueWords(paragraph.require('Architecture')).map((word) => parseArchitecture(word, where));
}

/** Package names from a list field (whitespace- or comma-separated). */
export function packageNamesField(paragraph: Deb822Paragraph, name: string, split: (value: string) => string[]): PackageName[] {
  const value = paragraph.get(name);
  if (value === undefined) return [];
  const where = { line: paragraph.field(name)?.line, field: name };
  return split(value).map((word) => parsePackageName(word, where));
}

/** Where a field is, for errors about its value. */
export function fieldLocation(paragraph: Deb822Paragraph, field: string): { line: number | undefined; field: string } {
  return { line: paragraph.field(field)?.line, field };
}
