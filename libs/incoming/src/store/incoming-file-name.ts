import { isDebianParseError, parseFileName } from '@mbd/debian';
import { IncomingRefusedError } from '../errors.js';

/**
 * A file name incoming accepts is a plain file name as Debian lists them (@mbd/debian parseFileName:
 * no directory part, no `..`, not starting with `.` or `-`, only `A-Za-z0-9.+~_-`). Names starting
 * with a dot are thereby free for incoming's own entries (`.partial`).
 */
export function checkIncomingFileName(name: string): string {
  try {
    return parseFileName(name);
  } catch (error) {
    if (!isDebianParseError(error)) throw error;
    throw new IncomingRefusedError('invalid-file-name', `${error.reason}; incoming takes plain Debian file names only`);
  }
}

export const isIncomingFileName = (name: string): boolean => {
  try {
    parseFileName(name);
    return true;
  } catch {
    return false;
  }
};

/** Shows an untrusted name in a message: quoted, control characters escaped, cut at 100 characters. */
export const quoteName = (name: string): string => JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name);
