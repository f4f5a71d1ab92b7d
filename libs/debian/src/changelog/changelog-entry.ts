import type { PackageName } from '../names/package-name.js';
import type { DebianVersion } from '../version/debian-version.js';

/** One entry of debian/changelog (Debian policy 4.4). */
export interface ChangelogEntry {
  readonly package: PackageName;
  readonly version: DebianVersion;
  readonly distributions: readonly string[];
  readonly urgency: string;
  /** Other `key=value` pairs of the header line (`binary-only=yes`), lower-case keys. */
  readonly options: Readonly<Record<string, string>>;
  /** The change lines as written, without the leading two spaces; blank lines inside kept as ''. */
  readonly changes: readonly string[];
  /** `Name <email>` from the trailer line. */
  readonly maintainer: string;
  /** The trailer's date as written (RFC 2822). */
  readonly date: string;
  /** The same date as an instant. */
  readonly time: Date;
  /** 1-based line of the header. */
  readonly line: number;
}
