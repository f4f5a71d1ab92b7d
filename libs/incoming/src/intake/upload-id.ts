import { createHash } from 'node:crypto';

/**
 * The id of an upload: the first 128 bits of the SHA-256 of its .changes, in hex. Deterministic, so a
 * .changes sent twice (dput re-sends without asking when fqdn has a port) maps to the same
 * `upload-<id>` stream and is recognised as a duplicate, also after a restart.
 */
export const uploadIdOf = (changes: Uint8Array): string => createHash('sha256').update(changes).digest('hex').slice(0, 32);
