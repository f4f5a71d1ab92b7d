import { createMessage, generateKey, readSignature, sign, type PrivateKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../keyring/keyring.js';
import { verifyDetached } from './verify-detached.js';

const release = new TextEncoder().encode('Origin: mbd\nSuite: x\nCodename: x\n');

describe('verifyDetached', () => {
  let signer: PrivateKey;
  let keyring: Keyring;
  let armored: string;

  beforeAll(async () => {
    ({ privateKey: signer } = await generateKey({ userIDs: [{ name: 'Archive' }], date: new Date(Date.now() - 60_000), format: 'object' }));
    keyring = await Keyring.fromArmored(signer.toPublic().armor());
    armored = await sign({ message: await createMessage({ binary: release }), signingKeys: signer, detached: true, format: 'armored' });
  });

  it('accepts an armored and a binary signature over the exact bytes', async () => {
    const fingerprint = signer.getFingerprint().toUpperCase();
    expect((await verifyDetached(release, armored, keyring)).fingerprint).toBe(fingerprint);
    const binary = (await readSignature({ armoredSignature: armored })).write() as Uint8Array;
    expect((await verifyDetached(release, binary, keyring)).fingerprint).toBe(fingerprint);
  });

  it('refuses changed data, an unknown key, an empty and a damaged signature', async () => {
    const changed = new TextEncoder().encode('Origin: evil\nSuite: x\nCodename: x\n');
    await expect(verifyDetached(changed, armored, keyring, { source: 'Release.gpg' })).rejects.toMatchObject({
      code: 'bad-signature',
      message: expect.stringMatching(/^Release\.gpg: the signature by key [0-9A-F]{40} \(Archive\) does not match/),
    });
    const { privateKey: other } = await generateKey({ userIDs: [{ name: 'Other' }], format: 'object' });
    await expect(verifyDetached(release, armored, await Keyring.fromArmored(other.toPublic().armor()))).rejects.toMatchObject({ code: 'unknown-key' });
    await expect(verifyDetached(release, '', keyring)).rejects.toMatchObject({ code: 'unsigned' });
    await expect(verifyDetached(release, armored.slice(0, 60), keyring)).rejects.toMatchObject({ code: 'malformed' });
  });
});
