import { createHash } from 'node:crypto';
import { isClearsigned, isDebianParseError, splitClearsigned } from '@mbd/debian';

/** What an upload id is computed from: whether the .changes is clearsigned, and its canonical text. */
export interface SignedContent {
  readonly kind: 'clearsigned' | 'unsigned';
  /** Lines joined with LF, each without trailing spaces, tabs or CR (OpenPGP canonical text, RFC 4880 §7.1). */
  readonly text: string;
}

/** Latin-1 keeps every byte as one character, so the text hashes back to the bytes it came from. */
const linesOf = (bytes: Uint8Array): string[] => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').split('\n');

const canonicalLines = (lines: readonly string[]): string[] => lines.map((line) => line.replace(/[ \t\r]+$/, ''));

/**
 * The content a signature of the .changes covers, in canonical form: for a clearsigned file the
 * signed text (dash-escaping undone), for anything else the whole text without trailing empty lines;
 * in both, CRLF becomes LF and trailing whitespace goes, as OpenPGP does before hashing a cleartext
 * signature. Armor headers (`Hash:`, `Comment:`) and the signature block are not part of it, so a
 * re-encoded or re-signed copy of a .changes has the same signed content. A file that only looks
 * clearsigned (broken armor) counts as unsigned: the intake rejects it anyway.
 */
export function signedContentOf(changes: Uint8Array): SignedContent {
  const lines = linesOf(changes).map((line) => line.replace(/\r$/, ''));
  if (isClearsigned(lines)) {
    try {
      return { kind: 'clearsigned', text: canonicalLines(splitClearsigned(lines).signedText.split('\n')).join('\n') };
    } catch (error) {
      if (!isDebianParseError(error)) throw error;
    }
  }
  const text = canonicalLines(lines);
  while (text.length > 0 && text.at(-1) === '') text.pop();
  return { kind: 'unsigned', text: text.join('\n') };
}

const hashId = (input: string | Uint8Array): string => createHash('sha256').update(input).digest('hex').slice(0, 32);

/**
 * The id of an upload: the first 128 bits (hex) of the SHA-256 of its signed content (signedContentOf,
 * prefixed by its kind, so that a signed .changes and the same text unsigned are different uploads).
 * Deterministic, so a .changes sent again (dput re-sends without asking when fqdn has a port, a crash
 * leaves one behind) or a byte-different copy of it (CRLF line endings, other armor headers, another
 * signature over the same text) maps to the same `upload-<id>` stream, also after a restart.
 */
export const uploadIdOf = (changes: Uint8Array): string => {
  const { kind, text } = signedContentOf(changes);
  return hashId(Buffer.from(`${kind}\n${text}`, 'latin1'));
};

/**
 * The id under which a refused byte copy of a known upload (a replay) is recorded: the first 128 bits
 * of the SHA-256 of its bytes, so the original upload's stream stays untouched and the same copy
 * delivered twice is recognised.
 */
export const copyIdOf = (changesSha256: string): string => changesSha256.slice(0, 32);
