import { DebianParseError } from '../errors.js';
import { printable } from '../printable.js';

declare const debianVersionBrand: unique symbol;

/**
 * A Debian version, `[epoch:]upstream[-revision]`, parsed and checked by dpkg's rules
 * (lib/dpkg/parsehelp.c `parseversion`). Only `parseVersion` makes one.
 *
 * Stricter than dpkg in one respect, on purpose: dpkg only *warns* when the upstream version does not
 * start with a digit or contains a character outside `[A-Za-z0-9.+~:-]` (or the revision one outside
 * `[A-Za-z0-9.+~]`); mbd refuses such versions, because they break policy and the tools downstream
 * (dpkg-source, reprepro) refuse or mangle them too. Whitespace anywhere is refused as well, where dpkg
 * would silently trim it at the ends.
 */
export type DebianVersion = {
  /** 0 when the version has no epoch. */
  readonly epoch: number;
  readonly upstream: string;
  /** '' when the version has no Debian revision (a native package). */
  readonly revision: string;
} & { readonly [debianVersionBrand]: true };

/** dpkg keeps epochs in an int. */
const MAX_EPOCH = 2 ** 31 - 1;
const UPSTREAM_CHARACTERS = /^[A-Za-z0-9.+~:-]*$/;
const REVISION_CHARACTERS = /^[A-Za-z0-9.+~]*$/;

/** Parses a version string; throws DebianParseError('invalid-version') saying what is wrong. */
export function parseVersion(text: string): DebianVersion {
  const fail = (reason: string): never => {
    throw new DebianParseError('invalid-version', `version '${printable(text)}': ${reason}`);
  };
  if (text.length === 0) fail('version string is empty');
  if (text.length > 256) fail(`version is ${text.length} characters long, more than 256`);
  if (/\s/.test(text)) fail('version string has embedded spaces');

  let rest = text;
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const epochText = rest.slice(0, colon);
    if (epochText === '') fail('epoch in version is empty');
    if (!/^[0-9]+$/.test(epochText)) fail(`epoch '${printable(epochText)}' is not a number`);
    epoch = Number(epochText);
    if (epoch > MAX_EPOCH) fail('epoch in version is too big');
    rest = rest.slice(colon + 1);
  }
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : '';
  if (hyphen >= 0 && revision === '') fail('revision number is empty');
  if (upstream === '') fail('version number is empty');
  if (!isDigit(upstream.charCodeAt(0))) fail('version number does not start with digit');
  if (!UPSTREAM_CHARACTERS.test(upstream)) fail('invalid character in version number');
  if (!REVISION_CHARACTERS.test(revision)) fail('invalid character in revision number');
  return { epoch, upstream, revision } as DebianVersion;
}

/** True when `text` is a version `parseVersion` accepts. */
export function isValidVersion(text: string): boolean {
  try {
    parseVersion(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The version as dpkg prints it: epoch only when non-zero, revision only when non-empty — except that
 * an epoch of 0 is kept when the upstream version has a colon, which would otherwise read as an epoch.
 */
export function formatVersion(version: DebianVersion): string {
  const epoch = version.epoch !== 0 || version.upstream.includes(':') ? `${version.epoch}:` : '';
  return `${epoch}${versionWithoutEpoch(version)}`;
}

/** `upstream[-revision]`: the version as it appears in file names (`hello_1.0-1_amd64.deb`). */
export function versionWithoutEpoch(version: DebianVersion): string {
  return version.revision === '' ? version.upstream : `${version.upstream}-${version.revision}`;
}

/**
 * dpkg's ordering of versions (lib/dpkg/version.c `dpkg_version_compare`): epoch numerically, then
 * upstream, then revision, each by `verrevcmp`. Strings are parsed first (and may throw).
 */
export function compareVersions(a: DebianVersion | string, b: DebianVersion | string): -1 | 0 | 1 {
  const left = typeof a === 'string' ? parseVersion(a) : a;
  const right = typeof b === 'string' ? parseVersion(b) : b;
  if (left.epoch !== right.epoch) return left.epoch > right.epoch ? 1 : -1;
  return Math.sign(verrevcmp(left.upstream, right.upstream) || verrevcmp(left.revision, right.revision)) as -1 | 0 | 1;
}

/**
 * dpkg's `verrevcmp`: alternate non-digit runs (compared character by character with `order`) and
 * digit runs (compared as numbers: leading zeros skipped, then longer wins, then first difference —
 * so digit strings of any length compare without overflow).
 */
function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i);
      const bc = order(b, j);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    let firstDiff = 0;
    while (i < a.length && j < b.length && isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && isDigit(a.charCodeAt(i))) return 1;
    if (j < b.length && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** Weight of the character at `index`: end of string and digits 0, `~` below everything, letters before other signs. */
function order(text: string, index: number): number {
  if (index >= text.length) return 0;
  const c = text.charCodeAt(index);
  if (isDigit(c)) return 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  if (c === 126) return -1;
  return c + 256;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
