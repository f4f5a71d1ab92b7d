import { createHash } from 'node:crypto';
import type { FileDigests } from './check-files.js';

/** Size, MD5, SHA-1 and SHA-256 of a file's bytes: what a .changes or .dsc lists for it. */
export const digestsOf = (bytes: Uint8Array): FileDigests => ({
  size: bytes.length,
  md5: createHash('md5').update(bytes).digest('hex'),
  sha1: createHash('sha1').update(bytes).digest('hex'),
  sha256: createHash('sha256').update(bytes).digest('hex'),
});
