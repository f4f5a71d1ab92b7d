import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveKeyError } from '../errors.js';
import { archiveKeyFileName, loadOrCreateArchiveKey } from './load-or-create-archive-key.js';

describe('loadOrCreateArchiveKey', () => {
  let dataDir: string;
  let keyDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mbd-archive-key-'));
    keyDir = join(dataDir, 'gpg');
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

  it('creates a v4 key on first start, readable by its owner only, and loads the same key afterwards', async () => {
    const created = await loadOrCreateArchiveKey(keyDir, { name: 'mbd archive key (test)', email: 'mbd@example.invalid' });
    expect(created.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(created.uid).toBe('mbd archive key (test) <mbd@example.invalid>');
    expect(created.publicKey.keyPacket.version).toBe(4);
    expect(await modeOf(keyDir)).toBe(0o700);
    expect(await modeOf(join(keyDir, archiveKeyFileName))).toBe(0o600);
    expect(await readFile(join(keyDir, archiveKeyFileName), 'utf8')).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);

    const loaded = await loadOrCreateArchiveKey(keyDir, 'another name');
    expect(loaded.fingerprint).toBe(created.fingerprint);
    expect(loaded.uid).toBe(created.uid);
    expect(await readdir(keyDir)).toEqual([archiveKeyFileName]);
  });

  it('gives every one of several concurrent first starts the same key', async () => {
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateArchiveKey(keyDir, 'racer')));
    expect(new Set(keys.map((key) => key.fingerprint)).size).toBe(1);
    expect((await loadOrCreateArchiveKey(keyDir, 'racer')).fingerprint).toBe(keys[0]!.fingerprint);
    expect(await readdir(keyDir)).toEqual([archiveKeyFileName]);
  });

  it('tightens loose permissions on an existing key file and directory', async () => {
    await loadOrCreateArchiveKey(keyDir, 'mbd');
    await chmod(join(keyDir, archiveKeyFileName), 0o644);
    await chmod(keyDir, 0o755);
    await loadOrCreateArchiveKey(keyDir, 'mbd');
    expect(await modeOf(join(keyDir, archiveKeyFileName))).toBe(0o600);
    expect(await modeOf(keyDir)).toBe(0o700);
  });

  it('refuses a damaged key file, naming it, and does not replace it', async () => {
    await loadOrCreateArchiveKey(keyDir, 'mbd');
    const path = join(keyDir, archiveKeyFileName);
    await writeFile(path, 'not a key');
    const error = await loadOrCreateArchiveKey(keyDir, 'mbd').then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArchiveKeyError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')} is not an armored OpenPGP private key`));
    expect(await readFile(path, 'utf8')).toBe('not a key');
  });
});
