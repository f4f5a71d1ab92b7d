import { generateKey, revokeKey, type PrivateKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyringError } from '../errors.js';
import { Keyring } from './keyring.js';

describe('Keyring', () => {
  let alice: { privateKey: PrivateKey; publicKey: string };
  let bob: { privateKey: PrivateKey; publicKey: string };
  let aliceFingerprint: string;

  beforeAll(async () => {
    const make = async (name: string) => {
      const { privateKey, publicKey } = await generateKey({ userIDs: [{ name, email: `${name}@example.invalid` }], format: 'object' });
      return { privateKey, publicKey: publicKey.armor() };
    };
    [alice, bob] = await Promise.all([make('alice'), make('bob')]);
    aliceFingerprint = alice.privateKey.getFingerprint().toUpperCase();
  });

  it('reads several armored keys and lists their fingerprints in upper-case hex', async () => {
    const keyring = await Keyring.fromArmored(`${alice.publicKey}\n${bob.publicKey}`);
    expect(keyring.fingerprints).toEqual([aliceFingerprint, bob.privateKey.getFingerprint().toUpperCase()]);
  });

  it('round-trips through a binary keyring', async () => {
    const keyring = await Keyring.fromArmored(alice.publicKey + bob.publicKey);
    const again = await Keyring.fromBinary(keyring.toBinary());
    expect(again.fingerprints).toEqual(keyring.fingerprints);
  });

  it('finds a key by fingerprint, long or short key id, in any case and spacing, and by its subkey', async () => {
    const keyring = await Keyring.fromArmored(alice.publicKey + bob.publicKey);
    const spaced = aliceFingerprint.match(/.{4}/g)!.join(' ');
    const subkey = alice.privateKey.subkeys[0]!.getFingerprint();
    for (const handle of [aliceFingerprint, aliceFingerprint.toLowerCase(), spaced, `0x${aliceFingerprint.slice(-16)}`, aliceFingerprint.slice(-8), subkey]) {
      expect(keyring.find(handle)?.getFingerprint().toUpperCase(), handle).toBe(aliceFingerprint);
    }
    expect(keyring.find('0123456789ABCDEF')).toBeUndefined();
    expect(keyring.find('not a key id')).toBeUndefined();
  });

  it('keeps only the public half of a private key', async () => {
    const keyring = await Keyring.fromArmored(alice.privateKey.armor());
    expect(keyring.keys[0]!.isPrivate()).toBe(false);
    expect(keyring.fingerprints).toEqual([aliceFingerprint]);
  });

  it('merges a key added again, so that a later revocation takes effect', async () => {
    const keyring = await Keyring.fromArmored(alice.publicKey);
    const { publicKey: revoked } = await revokeKey({ key: alice.privateKey, format: 'armored' });
    const merged = await keyring.add(await Keyring.fromArmored(revoked));
    expect(merged.size).toBe(1);
    await expect(merged.keys[0]!.verifyPrimaryKey()).rejects.toThrow(/revoked/);
    await expect(keyring.keys[0]!.verifyPrimaryKey()).resolves.toBeUndefined();
  });

  it('refuses text without a key block, a damaged block and an empty binary keyring, naming the source', async () => {
    await expect(Keyring.fromArmored('hello', 'uploader upload')).rejects.toThrow(
      new KeyringError('uploader upload: no "-----BEGIN PGP PUBLIC KEY BLOCK-----" found'),
    );
    const damaged = alice.publicKey.replace(/\n([A-Za-z0-9+/]{20})/, '\n!!!!');
    await expect(Keyring.fromArmored(damaged, 'alice.asc')).rejects.toThrow(/^alice\.asc: not a readable OpenPGP key/);
    await expect(Keyring.fromBinary(new Uint8Array(), 'keyring.gpg')).rejects.toThrow(/keyring\.gpg: empty/);
    await expect(Keyring.fromBinary(new Uint8Array([1, 2, 3]), 'keyring.gpg')).rejects.toBeInstanceOf(KeyringError);
  });
});
