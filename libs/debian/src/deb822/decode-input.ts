import { DebianParseError } from '../errors.js';

/** 1 MiB: far above any real .changes, .dsc, .buildinfo or control file. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** What every parser accepts: text, or the bytes of a file (UTF-8). */
export type DebianInput = string | Uint8Array;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Turns input into text, refusing input above `maxBytes` (before any other work) and bytes that are
 * not UTF-8.
 */
export function decodeInput(input: DebianInput, maxBytes = DEFAULT_MAX_BYTES, what = 'input'): string {
  const size = typeof input === 'string' ? utf8Length(input, maxBytes) : input.byteLength;
  if (size > maxBytes) {
    throw new DebianParseError('input-too-large', `${what} is larger than ${maxBytes} bytes`);
  }
  if (typeof input === 'string') return input;
  try {
    return utf8.decode(input);
  } catch {
    throw new DebianParseError('invalid-deb822', `${what} is not valid UTF-8 text`);
  }
}

/** UTF-8 length of `text`, counting no further than just past `limit`. */
function utf8Length(text: string, limit: number): number {
  if (text.length > limit) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return bytes;
}
