import { IncomingRefusedError } from '../errors.js';

/**
 * A file name incoming accepts: what Debian tools produce for .changes, .dsc, tarballs, .debs and
 * .buildinfo (dak's "safe file name": a letter or digit, then letters, digits and `_ . ~ + -`).
 * No path separators, no `..`, no leading dot (temp files and `.partial` are hidden that way).
 */
const plainFileName = /^[A-Za-z0-9][A-Za-z0-9_.~+-]{0,254}$/;

export const isIncomingFileName = (name: string): boolean => plainFileName.test(name);

/** Shows an untrusted name in a message: quoted, control characters escaped, cut at 100 characters. */
export const quoteName = (name: string): string => JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);

export function checkIncomingFileName(name: string): string {
  if (!isIncomingFileName(name)) {
    throw new IncomingRefusedError(
      'invalid-file-name',
      `${quoteName(name)} is not a plain Debian file name (letters, digits and _ . ~ + -, starting with a letter or digit; no paths)`,
    );
  }
  return name;
}
