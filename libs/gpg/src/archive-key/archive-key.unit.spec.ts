import { inspect } from 'node:util';
import { generateKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../keyring/keyring.js';
import { verifyClearsigned } from '../verify/verify-clearsigned.js';
import { verifyDetached } from '../verify/verify-detached.js';
import { ArchiveKey } from './archive-key.js';

const release = 'Origin: mbd\nLabel: mbd\nSuite: bookworm-test-unstable\nSHA256:\n 0123 10 main/binary-amd64/Packages\n';

describe('ArchiveKey', () => {
  let key: ArchiveKey;
  let keyring: Keyring;

  beforeAll(async () => {
    const { privateKey } = await generateKey({ userIDs: [{ name: 'mbd archive key' }], subkeys: [], format: 'object', date: new Date(Date.now() - 60_000) });
    key = await ArchiveKey.fromPrivateKey(privateKey);
    keyring = await Keyring.fromBinary(key.publicBinary);
  });

  it('exports its public key armored and binary, both the same key', async () => {
    expect(key.publicArmored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect((await Keyring.fromArmored(key.publicArmored)).fingerprints).toEqual([key.fingerprint]);
    expect(keyring.fingerprints).toEqual([key.fingerprint]);
    expect(keyring.keys[0]!.keyPacket.version).toBe(4);
  });

  it('clearsigns a Release as InRelease whose signed text is the Release unchanged', async () => {
    const inRelease = await key.signInRelease(release);
    expect(inRelease).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA\d+\n\nOrigin: mbd\n/);
    expect(inRelease).toContain('main/binary-amd64/Packages\n-----BEGIN PGP SIGNATURE-----\n');
    expect(inRelease).not.toContain('\r');
    const verified = await verifyClearsigned(inRelease, keyring);
    expect(verified).toMatchObject({ signedText: release, fingerprint: key.fingerprint, uid: 'mbd archive key' });
  });

  it('signs the exact bytes of a Release as Release.gpg', async () => {
    const releaseGpg = await key.signDetached(release);
    expect(releaseGpg).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
    expect((await verifyDetached(release, releaseGpg, keyring)).fingerprint).toBe(key.fingerprint);
    await expect(verifyDetached(release.replace('unstable', 'stable'), releaseGpg, keyring)).rejects.toMatchObject({ code: 'bad-signature' });
  });

  it('shows only its fingerprint when printed, logged or serialized', () => {
    expect(inspect(key)).toBe(`ArchiveKey(${key.fingerprint})`);
    expect(JSON.stringify({ key })).toBe(`{"key":{"fingerprint":"${key.fingerprint}"}}`);
    expect(`${inspect({ nested: key })}`).not.toContain('PRIVATE');
  });

  it('refuses a passphrase-protected or v6 private key, saying why', async () => {
    const { privateKey: locked } = await generateKey({ userIDs: [{ name: 'Locked' }], passphrase: 'secret', format: 'object' });
    await expect(ArchiveKey.fromPrivateKey(locked, '/data/archive-key.asc')).rejects.toThrow(/^\/data\/archive-key\.asc: key [0-9A-F]{40} \(Locked\) is protected by a passphrase/);
    const { privateKey: v6 } = await generateKey({ userIDs: [{ name: 'Six' }], type: 'curve25519', config: { v6Keys: true }, format: 'object' });
    await expect(ArchiveKey.fromPrivateKey(v6)).rejects.toThrow(/is a v6 key; apt and gpgv in bookworm accept v4 keys only/);
  });
});
