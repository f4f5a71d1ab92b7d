import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { Keyring } from '../keyring/keyring.js';
import { GnupgHome } from './gnupg-home.js';

// An Ed25519 public key whose binary form, as `gpg --export` writes it, ends in the byte 0x0a.
const keyEndingInNewline = `-----BEGIN PGP PUBLIC KEY BLOCK-----

xjMEaVW5ABYJKwYBBAHaRw8BAQdANYWYDS89fzbbYi8TzbuQiFmg/Kgef/wd
04wFbKioB0jNKk5ld2xpbmUgVXBsb2FkZXIgPG5ld2xpbmVAZXhhbXBsZS5p
bnZhbGlkPsLAEwQTFgoAhQWCaVW5AAMLCQcJEFUBKhM+LFL3RRQAAAAAABwA
IHNhbHRAbm90YXRpb25zLm9wZW5wZ3Bqcy5vcmdt85EGvPWuJghBdxHx3TLy
pk2RePmCC2/LI15KspKmkwUVCggODAQWAAIBAhkBApsDAh4BFiEEOrdY6IBm
DfB26NqKVQEqEz4sUvcAAK2CAQDefHzfJ1RyTNRlmHCFCu3jP/vMkPfE5eJg
H7r3YhwE6wD9Gue92aCBm7FYgTSi4LIp4gq8sgQQKZZx35URmQPAzQo=
=RVLd
-----END PGP PUBLIC KEY BLOCK-----
`;

describe('GnupgHome', () => {
  const homes: GnupgHome[] = [];
  const create = async () => {
    const home = await GnupgHome.create();
    homes.push(home);
    return home;
  };

  afterAll(() => Promise.all(homes.map((home) => home.remove())));

  // GnuPG 2.2 fails now and then ("no writable public keyring found", "keydb_search failed") when two
  // runs share a home; on a new home about one time in five with four key generations at once.
  it('generates keys asked for all at once, on several new homes at once', async () => {
    const batches = await Promise.all(
      Array.from({ length: 6 }, async (_, h) => {
        const home = await create();
        return Promise.all([
          home.generateKey(`Now ${h} <now${h}@example.invalid>`, 'ed25519'),
          home.generateKey(`Past ${h} <past${h}@example.invalid>`, 'ed25519', '1d', { fakedTime: new Date('2024-01-10T00:00:00Z') }),
          home.generateKey(`Other ${h} <other${h}@example.invalid>`, 'ed25519'),
          home.exportArmored(),
        ]);
      }),
    );
    const fingerprints = batches.flatMap((batch) => batch.slice(0, 3));
    expect(new Set(fingerprints).size).toBe(18);
  });

  it('exports a binary keyring whole, even when its last byte is a newline', async () => {
    const home = await create();
    await home.importArmored(keyEndingInNewline);
    const exported = await home.exportBinary();
    await execa('gpg', ['--batch', '--yes', '--output', join(home.dir, 'export.gpg'), '--export'], { env: home.env });
    expect(exported.at(-1)).toBe(0x0a);
    expect(Buffer.from(exported).equals(await readFile(join(home.dir, 'export.gpg')))).toBe(true);
    expect((await Keyring.fromBinary(exported)).fingerprints).toEqual(['3AB758E880660DF076E8DA8A55012A133E2C52F7']);
  });
});
