import { createCleartextMessage, generateKey, revokeKey, sign, type PrivateKey } from 'openpgp';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignatureError } from '../errors.js';
import { Keyring } from '../keyring/keyring.js';
import { verifyClearsigned } from './verify-clearsigned.js';

const changes = 'Format: 1.8\nSource: hello\nVersion: 1.0-1\nDistribution: bookworm-test-unstable\n';
const day = 24 * 60 * 60 * 1000;

const clearsign = async (text: string, key: PrivateKey, date?: Date) =>
  sign({ message: await createCleartextMessage({ text }), signingKeys: key, date, format: 'armored' });

async function rejection(promise: Promise<unknown>): Promise<SignatureError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(SignatureError);
  return error as SignatureError;
}

describe('verifyClearsigned', () => {
  let uploader: PrivateKey;
  let fingerprint: string;
  let keyring: Keyring;

  beforeAll(async () => {
    const created = new Date(Date.now() - day);
    ({ privateKey: uploader } = await generateKey({ userIDs: [{ name: 'Ulla Uploader', email: 'ulla@example.invalid' }], date: created, format: 'object' }));
    fingerprint = uploader.getFingerprint().toUpperCase();
    keyring = await Keyring.fromArmored(uploader.toPublic().armor());
  });

  it('returns the signed text, the signer and the signing time', async () => {
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const result = await verifyClearsigned(await clearsign(changes, uploader, signingTime), keyring);
    expect(result).toEqual({ signedText: changes, fingerprint, uid: 'Ulla Uploader <ulla@example.invalid>', created: signingTime });
  });

  it('trusts only the signed part: text added around the armor is not returned', async () => {
    const signed = await clearsign(changes, uploader);
    const result = await verifyClearsigned(`Source: evil\n\n${signed}\nSource: evil\n`, keyring);
    expect(result.signedText).toBe(changes);
  });

  it('refuses unsigned text', async () => {
    const error = await rejection(verifyClearsigned(changes, keyring, { source: 'hello_1.0-1_amd64.changes' }));
    expect(error.code).toBe('unsigned');
    expect(error.message).toBe('hello_1.0-1_amd64.changes: not signed: no "-----BEGIN PGP SIGNED MESSAGE-----" line');
  });

  it('refuses a truncated or damaged signature block as malformed', async () => {
    const signed = await clearsign(changes, uploader);
    const truncated = signed.slice(0, signed.indexOf('-----END PGP SIGNATURE-----'));
    expect((await rejection(verifyClearsigned(truncated, keyring))).code).toBe('malformed');
    const noSignature = signed.replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*$/, '');
    expect((await rejection(verifyClearsigned(noSignature, keyring))).code).toBe('malformed');
  });

  it('refuses a changed body, naming the key', async () => {
    const tampered = (await clearsign(changes, uploader)).replace('Version: 1.0-1', 'Version: 1.0-2');
    const error = await rejection(verifyClearsigned(tampered, keyring));
    expect(error.code).toBe('bad-signature');
    expect(error.key).toBe(fingerprint);
    expect(error.message).toContain(`signature by key ${fingerprint} (Ulla Uploader <ulla@example.invalid>) does not match`);
  });

  it('refuses a signature by a key that is not in the keyring, naming its key id', async () => {
    const { privateKey: stranger } = await generateKey({ userIDs: [{ name: 'Stranger' }], format: 'object' });
    const error = await rejection(verifyClearsigned(await clearsign(changes, stranger), keyring, { source: 'x.changes' }));
    expect(error.code).toBe('unknown-key');
    const strangerFingerprint = stranger.getFingerprint().toUpperCase();
    expect(error.message).toBe(`x.changes: signed by key ${strangerFingerprint}, which is not in the keyring (1 keys)`);
  });

  it('refuses a signature made while the key was valid once the key has expired', async () => {
    const created = new Date(Math.floor(Date.now() / 1000) * 1000 - 30 * day);
    const { privateKey: old } = await generateKey({ userIDs: [{ name: 'Old' }], date: created, keyExpirationTime: 86_400, format: 'object' });
    const signed = await clearsign(changes, old, new Date(created.getTime() + day / 2));
    const oldKeyring = await Keyring.fromArmored(old.toPublic().armor());
    const valid = await verifyClearsigned(signed, oldKeyring, { now: new Date(created.getTime() + day / 2 + 1000) });
    expect(valid.signedText).toBe(changes);
    const error = await rejection(verifyClearsigned(signed, oldKeyring));
    expect(error.code).toBe('expired-key');
    expect(error.message).toContain(`which expired on ${new Date(created.getTime() + day).toISOString()}`);
  });

  it('refuses a signature by a revoked key', async () => {
    const signed = await clearsign(changes, uploader);
    const { publicKey: revoked } = await revokeKey({ key: uploader, format: 'armored' });
    const error = await rejection(verifyClearsigned(signed, await Keyring.fromArmored(revoked)));
    expect(error.code).toBe('revoked-key');
    expect(error.message).toContain(`key ${fingerprint} (Ulla Uploader <ulla@example.invalid>), which is revoked`);
  });

  it('refuses a signature by a 1024-bit RSA key as a weak algorithm', async () => {
    const weak = { minRSABits: 1024 };
    const { privateKey: rsa } = await generateKey({ type: 'rsa', rsaBits: 1024, userIDs: [{ name: 'Short' }], config: weak, format: 'object' });
    const signed = await sign({ message: await createCleartextMessage({ text: changes }), signingKeys: rsa, config: weak });
    const error = await rejection(verifyClearsigned(signed, await Keyring.fromArmored(rsa.toPublic().armor())));
    expect(error.code).toBe('weak-algorithm');
    expect(error.message).toMatch(/too weak/);
  });

  it('answers any damaged or arbitrary input with a SignatureError or a verification, nothing else', async () => {
    const signed = await clearsign(changes, uploader);
    const damaged = fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc.nat({ max: signed.length }).map((end) => signed.slice(0, end)),
      fc.tuple(fc.nat({ max: signed.length - 1 }), fc.string({ minLength: 1, maxLength: 3 })).map(
        ([at, text]) => signed.slice(0, at) + text + signed.slice(at + 1),
      ),
      fc.string({ maxLength: 500 }).map((text) => `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${text}\n-----BEGIN PGP SIGNATURE-----\n\n${text}\n-----END PGP SIGNATURE-----\n`),
    );
    await fc.assert(
      fc.asyncProperty(damaged, async (input) => {
        const outcome = await verifyClearsigned(input, keyring).then(
          (result) => result,
          (error: unknown) => error,
        );
        if (outcome instanceof SignatureError) return;
        // Whatever still verifies says exactly what was signed, by whom.
        expect(outcome).toMatchObject({ fingerprint, signedText: changes });
      }),
      { numRuns: 1500 },
    );
  });
});
