import type { ArchiveKey } from '@mbd/gpg';
import type { BlobStore } from '@mbd/repository';
import { generateKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Uploader } from '../configuration/configuration-state.js';
import { uploaderKeyring } from './uploader-keyring.js';

const armoredKey = async (name: string) => (await generateKey({ userIDs: [{ name, email: `${name}@example.invalid` }], format: 'armored' })).publicKey;

describe('uploaderKeyring', () => {
  const keys = new Map<string, string>();
  let reads = 0;
  const blobs = {
    read: (sha256: string) => {
      reads += 1;
      const armored = keys.get(sha256);
      return armored === undefined ? Promise.reject(new Error(`no blob ${sha256}`)) : Promise.resolve(Buffer.from(armored));
    },
  } as unknown as BlobStore;
  let archiveKey: ArchiveKey;
  const uploader = (name: string, sha256: string): Uploader => ({ repository: 'test', fingerprint: 'F', name, key: { sha256, size: 1 } }) as unknown as Uploader;

  beforeAll(async () => {
    archiveKey = { publicArmored: await armoredKey('archive') } as ArchiveKey;
    keys.set('a'.repeat(64), await armoredKey('alice'));
    keys.set('b'.repeat(64), await armoredKey('bob'));
  });

  it('reads the keys once while the same keys make the keyring', async () => {
    const alice = uploader('alice', 'a'.repeat(64));
    const first = await uploaderKeyring([alice], blobs, archiveKey);
    const before = reads;
    const again = await uploaderKeyring([alice], blobs, archiveKey);
    expect(again).toBe(first);
    expect(reads).toBe(before);
    expect(first.size).toBe(2);
  });

  it('reads the keyring again when an uploader is added or removed, or the archive key is another', async () => {
    const alice = uploader('alice', 'a'.repeat(64));
    const bob = uploader('bob', 'b'.repeat(64));
    const one = await uploaderKeyring([alice], blobs, archiveKey);
    const two = await uploaderKeyring([alice, bob], blobs, archiveKey);
    expect(two.size).toBe(3);
    expect((await uploaderKeyring([alice], blobs, archiveKey)).fingerprints).toEqual(one.fingerprints);
    const other = { publicArmored: await armoredKey('other') } as ArchiveKey;
    const withOther = await uploaderKeyring([alice], blobs, other);
    expect(withOther.fingerprints).not.toContain(one.fingerprints[0]);
  });

  it('keeps no keyring that could not be read: the next call reads again', async () => {
    const missing = uploader('carol', 'c'.repeat(64));
    await expect(uploaderKeyring([missing], blobs, archiveKey)).rejects.toThrow(/no blob/);
    keys.set('c'.repeat(64), await armoredKey('carol'));
    expect((await uploaderKeyring([missing], blobs, archiveKey)).size).toBe(2);
  });
});
