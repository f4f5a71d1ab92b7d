import { DebianParseError } from '../errors.js';
import { type PackageName } from '../names/package-name.js';
import { type DebianVersion, formatVersion } from '../version/debian-version.js';
import { formatRfc2822Date } from './rfc2822-date.js';

export interface NewChangelogEntry {
  readonly package: PackageName;
  readonly version: DebianVersion;
  readonly distributions: readonly string[];
  readonly urgency?: string;
  /** Change lines without indentation; a line starting with `* ` is a bullet, others continue it. */
  readonly changes: readonly string[];
  /** `Name <email>`. */
  readonly maintainer: string;
  readonly date: Date;
}

/** Writes one changelog entry as dch would, ending in a newline (prepend it to the changelog, with an empty line between). */
export function writeChangelogEntry(entry: NewChangelogEntry): string {
  if (!/^[^<>\n]+ <[^<>\s]+>$/.test(entry.maintainer)) {
    throw new DebianParseError('invalid-changelog', `maintainer '${entry.maintainer}' is not "Name <email>"`);
  }
  if (entry.changes.length === 0 || entry.changes.some((line) => line.includes('\n'))) {
    throw new DebianParseError('invalid-changelog', 'a changelog entry needs at least one change, one line each');
  }
  const header = `${entry.package} (${formatVersion(entry.version)}) ${entry.distributions.join(' ')}; urgency=${entry.urgency ?? 'medium'}`;
  const changes = entry.changes.map((line) => (line === '' ? '' : `  ${line}`)).join('\n');
  return `${header}\n\n${changes}\n\n -- ${entry.maintainer}  ${formatRfc2822Date(entry.date)}\n`;
}

/** The entry for a no-changes port or rebuild into `distribution`. */
export function writePortEntry(entry: Omit<NewChangelogEntry, 'changes' | 'distributions'> & { readonly distribution: string }): string {
  return writeChangelogEntry({ ...entry, distributions: [entry.distribution], changes: [`* Rebuild/port for ${entry.distribution}.`] });
}

/** The changelog with `entry` (from writeChangelogEntry) put on top. */
export function prependChangelogEntry(changelog: string, entry: string): string {
  return `${entry}\n${changelog}`;
}
