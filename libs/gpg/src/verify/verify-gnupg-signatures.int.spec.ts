import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureError } from '../errors.js';
import { Keyring } from '../keyring/keyring.js';
import { GnupgHome } from '../testing/gnupg-home.js';
import { verifyClearsigned } from './verify-clearsigned.js';
import { verifyDetached } from './verify-detached.js';

// An unsigned binary-only .changes, as dpkg-genchanges writes it.
const changes = `Format: 1.8
Date: Tue, 24 Nov 2026 10:00:00 +0000
Source: hello-lab
Binary: hello-lab
Architecture: amd64
Version: 1.0-1
Distribution: bookworm-test-unstable
Urgency: medium
Maintainer: Lab Maintainer <lab@example.invalid>
Changed-By: Lab Maintainer <lab@example.invalid>
Description:
 hello-lab - says hello
Changes:
 hello-lab (1.0-1) bookworm-test-unstable; urgency=medium
 .
   * Initial release.
Checksums-Sha1:
 5c1b1ab34f7ca3ad8a4c2b3b21ea0bd9bd5b8d5f 1234 hello-lab_1.0-1_amd64.deb
Checksums-Sha256:
 0f7e8bba3e7d4b4d3c5a47e59c8b8a5a3c9e8e0a8c0f6a4d8b3b1c2d3e4f5a6b 1234 hello-lab_1.0-1_amd64.deb
Files:
 0bd6a0cbb1b0e8b0a77d7cf0b5c1f1a2 1234 misc optional hello-lab_1.0-1_amd64.deb
`;

async function rejection(promise: Promise<unknown>): Promise<SignatureError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SignatureError);
  return error as SignatureError;
}

describe('verifying signatures made by GnuPG 2.2', () => {
  let home: GnupgHome;
  const keys = { ed25519: '', rsa3072: '', expired: '', revoked: '' };
  let keyring: Keyring;

  beforeAll(async () => {
    home = await GnupgHome.create();
    const created = new Date('2024-01-10T00:00:00Z');
    [keys.ed25519, keys.rsa3072, keys.expired, keys.revoked] = await Promise.all([
      home.generateKey('Ed Uploader <ed@example.invalid>', 'ed25519'),
      home.generateKey('Rsa Uploader <rsa@example.invalid>', 'rsa3072'),
      // Created in 2024 with a one-day lifetime: expired ever since.
      home.generateKey('Old Uploader <old@example.invalid>', 'ed25519', '1d', { fakedTime: created }),
      home.generateKey('Gone Uploader <gone@example.invalid>', 'ed25519'),
    ]);
    keyring = await Keyring.fromArmored(await home.exportArmored());
  });

  afterAll(() => home.remove());

  it.each(['ed25519', 'rsa3072'] as const)('accepts a .changes clearsigned with an %s key', async (algorithm) => {
    const signed = await home.clearsign(changes, keys[algorithm]);
    const result = await verifyClearsigned(signed, keyring, { source: 'hello-lab_1.0-1_amd64.changes' });
    expect(result.fingerprint).toBe(keys[algorithm]);
    expect(result.uid).toMatch(algorithm === 'ed25519' ? /^Ed Uploader/ : /^Rsa Uploader/);
    expect(result.signedText).toBe(changes);
    expect(Math.abs(result.created.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('accepts a .changes signed by debsign, against the binary keyring gpg exports', async () => {
    const path = join(home.dir, 'hello-lab_1.0-1_amd64.changes');
    await writeFile(path, changes);
    await home.debsign(path, keys.rsa3072);
    const binaryKeyring = await Keyring.fromBinary(await home.exportBinary());
    const result = await verifyClearsigned(await readFile(path, 'utf8'), binaryKeyring);
    expect(result).toMatchObject({ fingerprint: keys.rsa3072, signedText: changes });
  });

  it('accepts a detached signature made by gpg', async () => {
    const signature = await home.detachSign(changes, keys.ed25519);
    expect((await verifyDetached(changes, signature, keyring)).fingerprint).toBe(keys.ed25519);
  });

  it('refuses a changed body with bad-signature, naming the key', async () => {
    const tampered = (await home.clearsign(changes, keys.ed25519)).replace('Version: 1.0-1', 'Version: 1.0-9');
    const error = await rejection(verifyClearsigned(tampered, keyring, { source: 'hello-lab_1.0-1_amd64.changes' }));
    expect(error.code).toBe('bad-signature');
    expect(error.message).toContain(`hello-lab_1.0-1_amd64.changes: the signature by key ${keys.ed25519} (Ed Uploader <ed@example.invalid>) does not match`);
  });

  it('refuses a signature by a key not in the keyring with unknown-key, naming it', async () => {
    const stranger = await GnupgHome.create();
    try {
      const fingerprint = await stranger.generateKey('Stranger <stranger@example.invalid>', 'ed25519');
      const error = await rejection(verifyClearsigned(await stranger.clearsign(changes, fingerprint), keyring));
      expect(error.code).toBe('unknown-key');
      expect(error.message).toContain(`signed by key ${fingerprint}, which is not in the keyring`);
    } finally {
      await stranger.remove();
    }
  });

  it('refuses a signature made while the key was valid, now that it has expired, with expired-key', async () => {
    const signed = await home.clearsign(changes, keys.expired, { fakedTime: new Date('2024-01-10T12:00:00Z') });
    const error = await rejection(verifyClearsigned(signed, keyring));
    expect(error.code).toBe('expired-key');
    expect(error.message).toContain(`key ${keys.expired} (Old Uploader <old@example.invalid>), which expired on 2024-01-11T00:00:00.000Z`);
    // The same signature was good on the day it was made.
    await expect(verifyClearsigned(signed, keyring, { now: new Date('2024-01-10T13:00:00Z') })).resolves.toMatchObject({ fingerprint: keys.expired });
  });

  it('refuses a signature by a key revoked since, with revoked-key', async () => {
    const signed = await home.clearsign(changes, keys.revoked);
    await home.revoke(keys.revoked);
    const updated = await keyring.add(await Keyring.fromArmored(await home.exportArmored(keys.revoked)));
    const error = await rejection(verifyClearsigned(signed, updated));
    expect(error.code).toBe('revoked-key');
    expect(error.message).toContain(`key ${keys.revoked} (Gone Uploader <gone@example.invalid>), which is revoked`);
  });

  it('refuses a SHA-1 signature with weak-algorithm', async () => {
    const signed = await home.clearsign(changes, keys.rsa3072, { digest: 'SHA1' });
    expect(signed).toContain('Hash: SHA1');
    expect((await rejection(verifyClearsigned(signed, keyring))).code).toBe('weak-algorithm');
  });
});
