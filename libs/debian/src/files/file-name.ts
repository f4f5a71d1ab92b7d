import { DebianParseError, type DebianParseLocation } from '../errors.js';
import { printable } from '../printable.js';

declare const fileNameBrand: unique symbol;

/**
 * A plain file name as listed in .changes/.dsc/.buildinfo: no directory part, no `..`, no control
 * or other characters outside `[A-Za-z0-9.+~_-]`, not starting with `.` or `-`, at most 255 bytes.
 * Safe to join to a directory.
 */
export type FileName = string & { readonly [fileNameBrand]: true };

const FILE_NAME = /^[A-Za-z0-9_+~][A-Za-z0-9.+~_-]*$/;

export function parseFileName(text: string, where: DebianParseLocation = {}): FileName {
  const fail = (why: string): never => {
    throw new DebianParseError('invalid-file-name', `file name '${printable(text, 60)}' ${why}`, where);
  };
  if (text.length === 0) fail('is empty');
  if (text.length > 255) fail('is longer than 255 characters');
  if (text.includes('/')) fail('has a directory part');
  if (text.includes('..')) fail('contains ".."');
  if (text.startsWith('.') || text.startsWith('-')) fail('starts with "." or "-"');
  if (!FILE_NAME.test(text)) fail('has characters other than A-Z a-z 0-9 . + ~ _ -');
  return text as FileName;
}
