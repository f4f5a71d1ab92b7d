import { DebianParseError, type DebianParseLocation } from '../errors.js';
import { printable } from '../printable.js';

declare const packageNameBrand: unique symbol;

/** A source or binary package name (Debian policy 5.6.1 / 5.6.7): `[a-z0-9][a-z0-9+.-]+`. */
export type PackageName = string & { readonly [packageNameBrand]: true };

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

export function parsePackageName(text: string, where: DebianParseLocation = {}): PackageName {
  if (!PACKAGE_NAME.test(text) || text.length > 128) {
    throw new DebianParseError(
      'invalid-field',
      `'${printable(text, 40)}' is not a package name (at least two of a-z 0-9 + . -, starting with a letter or digit)`,
      where,
    );
  }
  return text as PackageName;
}

const ARCHITECTURE = /^[a-z0-9][a-z0-9-]*$/;

/** An architecture name as in an Architecture field (`amd64`, `all`, `source`, `linux-any`). */
export function parseArchitecture(text: string, where: DebianParseLocation = {}): string {
  if (!ARCHITECTURE.test(text) || text.length > 64) {
    throw new DebianParseError('invalid-field', `'${printable(text, 40)}' is not an architecture name`, where);
  }
  return text;
}

const DISTRIBUTION = /^[A-Za-z0-9][A-Za-z0-9.+_-]*$/;

/** A distribution name as in a .changes Distribution field (`bookworm-test-unstable`). */
export function parseDistribution(text: string, where: DebianParseLocation = {}): string {
  if (!DISTRIBUTION.test(text) || text.length > 128) {
    throw new DebianParseError('invalid-field', `'${printable(text, 40)}' is not a distribution name`, where);
  }
  return text;
}
