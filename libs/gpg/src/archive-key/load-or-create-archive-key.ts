import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKey, readPrivateKey, type PrivateKey } from 'openpgp';
import { ArchiveKeyError } from '../errors.js';
import { messageOf } from '../verify/accept-signatures.js';
import { ArchiveKey } from './archive-key.js';

export const archiveKeyFileName = 'archive-key.asc';

export interface ArchiveKeyIdentity {
  /** User id name, e.g. "mbd archive key (build.example.org)". */
  readonly name: string;
  readonly email?: string;
}

/**
 * The archive key stored in `<dir>/archive-key.asc`, generated there on first start: a v4 Ed25519
 * signing key with no expiry (what bookworm's apt and gpgv accept). The directory is kept at mode 0700
 * and the file at 0600. The identity is used only when the key is created; an existing key is kept as
 * it is. Two processes starting at once end up with the same key.
 */
export async function loadOrCreateArchiveKey(dir: string, identity: ArchiveKeyIdentity | string): Promise<ArchiveKey> {
  const path = join(dir, archiveKeyFileName);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  } catch (error) {
    throw new ArchiveKeyError(`cannot create the archive key directory ${dir}: ${messageOf(error)}`, { cause: error });
  }
  const existing = await readArchiveKey(path);
  if (existing) return existing;
  const created = await createArchiveKey(typeof identity === 'string' ? { name: identity } : identity);
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, created.armoredPrivateKey(), { mode: 0o600, flag: 'wx' });
    await link(temporary, path);
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const winner = await readArchiveKey(path);
      if (winner) return winner;
    }
    throw new ArchiveKeyError(`cannot store the archive key in ${path}: ${messageOf(error)}`, { cause: error });
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function readArchiveKey(path: string): Promise<ArchiveKey | undefined> {
  let armored: string;
  try {
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
    armored = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ArchiveKeyError(`cannot read the archive key ${path}: ${messageOf(error)}`, { cause: error });
  }
  let privateKey: PrivateKey;
  try {
    privateKey = await readPrivateKey({ armoredKey: armored });
  } catch (error) {
    throw new ArchiveKeyError(`${path} is not an armored OpenPGP private key: ${messageOf(error)}`, { cause: error });
  }
  return ArchiveKey.fromPrivateKey(privateKey, path);
}

async function createArchiveKey(identity: ArchiveKeyIdentity): Promise<ArchiveKey> {
  const { privateKey } = await generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [identity.email ? { name: identity.name, email: identity.email } : { name: identity.name }],
    subkeys: [],
    format: 'object',
  });
  return ArchiveKey.fromPrivateKey(privateKey);
}
