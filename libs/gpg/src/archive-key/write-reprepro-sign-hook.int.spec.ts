import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveKey } from './archive-key.js';
import { loadOrCreateArchiveKey } from './load-or-create-archive-key.js';
import { writeRepreproSignHook, type RepreproSignHook } from './write-reprepro-sign-hook.js';

describe('writeRepreproSignHook', () => {
  let work: string;
  let key: ArchiveKey;
  let hook: RepreproSignHook;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mbd-sign-hook-'));
    key = await loadOrCreateArchiveKey(join(work, 'gpg'), 'mbd archive key (hook)');
    hook = await writeRepreproSignHook(join(work, 'gpg'), key);
    await writeFile(join(work, 'archive-keyring.gpg'), key.publicBinary);
  });
  afterAll(async () => {
    await execa('gpgconf', ['--kill', 'all'], { env: { GNUPGHOME: hook.gnupgHome }, reject: false });
    await rm(work, { recursive: true, force: true });
  });

  it('makes reprepro export write InRelease and Release.gpg that gpgv accepts with the archive keyring', async () => {
    const repo = join(work, 'repo');
    await mkdir(join(repo, 'conf'), { recursive: true });
    const distributions = ['bookworm-test-unstable', 'bookworm-test-testing'].map(
      (codename) => `Codename: ${codename}\nArchitectures: amd64 source\nComponents: main\nSignWith: ${hook.signWith}\n`,
    );
    await writeFile(join(repo, 'conf', 'distributions'), distributions.join('\n'));
    await execa('reprepro', ['-b', repo, 'export']);
    for (const codename of ['bookworm-test-unstable', 'bookworm-test-testing']) {
      const dist = join(repo, 'dists', codename);
      expect(await readdir(dist)).toEqual(expect.arrayContaining(['Release', 'InRelease', 'Release.gpg']));
      const keyring = join(work, 'archive-keyring.gpg');
      const inRelease = await execa('gpgv', ['--keyring', keyring, join(dist, 'InRelease')], { reject: false, all: true });
      expect(inRelease.exitCode, inRelease.all).toBe(0);
      expect(inRelease.all).toContain(key.fingerprint);
      const detached = await execa('gpgv', ['--keyring', keyring, join(dist, 'Release.gpg'), join(dist, 'Release')], { reject: false, all: true });
      expect(detached.exitCode, detached.all).toBe(0);
    }
  });

  it('can be written again over an existing hook (every start)', async () => {
    const again = await writeRepreproSignHook(join(work, 'gpg'), key);
    expect(again).toEqual(hook);
  });
});
