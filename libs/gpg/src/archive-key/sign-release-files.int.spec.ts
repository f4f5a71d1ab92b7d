import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveKey } from './archive-key.js';
import { loadOrCreateArchiveKey } from './load-or-create-archive-key.js';
import { signReleaseFiles } from './sign-release-files.js';

const packages = `Package: hello-lab
Version: 1.0-1
Architecture: amd64
Maintainer: Lab Maintainer <lab@example.invalid>
Installed-Size: 10
Filename: pool/main/h/hello-lab/hello-lab_1.0-1_amd64.deb
Size: 1234
SHA256: 0f7e8bba3e7d4b4d3c5a47e59c8b8a5a3c9e8e0a8c0f6a4d8b3b1c2d3e4f5a6b
Description: says hello
`;

/** A tiny archive: dists/<suite>/main/binary-amd64/Packages and a Release made by apt-ftparchive. */
async function writeTree(root: string, suites: string[]): Promise<void> {
  for (const suite of suites) {
    const dist = join(root, 'dists', suite);
    await mkdir(join(dist, 'main', 'binary-amd64'), { recursive: true });
    await writeFile(join(dist, 'main', 'binary-amd64', 'Packages'), packages);
    const fields = { Origin: 'mbd', Label: 'mbd', Suite: suite, Codename: suite, Architectures: 'amd64', Components: 'main' };
    const options = Object.entries(fields).flatMap(([field, value]) => ['-o', `APT::FTPArchive::Release::${field}=${value}`]);
    const { stdout } = await execa('apt-ftparchive', [...options, 'release', dist]);
    await writeFile(join(dist, 'Release'), `${stdout}\n`);
  }
}

/** A static file server on 127.0.0.1 and a random port. */
async function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    stat(path).then(
      (info) => {
        if (!path.startsWith(root) || !info.isFile()) throw new Error('not a file');
        response.writeHead(200, { 'content-length': info.size });
        createReadStream(path).pipe(response);
      },
      () => response.writeHead(404).end(),
    ).catch(() => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** `apt-get update` with a private configuration: only our source, `Signed-By` our key, fresh lists. */
async function aptGetUpdate(work: string, url: string, suite: string, keyring: string) {
  const dir = await mkdtemp(join(work, 'apt-'));
  for (const sub of ['sources.list.d', 'apt.conf.d', 'preferences.d', 'lists/partial', 'cache/archives/partial']) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  await writeFile(
    join(dir, 'sources.list.d', 'mbd.sources'),
    `Types: deb\nURIs: ${url}\nSuites: ${suite}\nComponents: main\nArchitectures: amd64\nSigned-By: ${keyring}\n`,
  );
  const config = [
    'Dir::Etc::SourceList "/dev/null";',
    `Dir::Etc::SourceParts "${dir}/sources.list.d";`,
    `Dir::Etc::Parts "${dir}/apt.conf.d";`,
    'Dir::Etc::Preferences "/dev/null";',
    `Dir::Etc::PreferencesParts "${dir}/preferences.d";`,
    `Dir::State::Lists "${dir}/lists";`,
    `Dir::Cache "${dir}/cache";`,
    'APT::Sandbox::User "root";',
    'Acquire::Languages "none";',
  ];
  await writeFile(join(dir, 'apt.conf'), `${config.join('\n')}\n`);
  const result = await execa('apt-get', ['update'], { env: { APT_CONFIG: join(dir, 'apt.conf') }, reject: false, all: true });
  return { exitCode: result.exitCode, output: result.all ?? '' };
}

describe('signReleaseFiles', () => {
  let work: string;
  let archive: string;
  let key: ArchiveKey;
  let keyringPath: string;
  let server: Server;
  let url: string;
  const suites = ['bookworm-test-unstable', 'bookworm-test-testing'];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mbd-sign-release-'));
    archive = join(work, 'repo');
    key = await loadOrCreateArchiveKey(join(work, 'gpg'), 'mbd archive key (test)');
    keyringPath = join(work, 'archive-keyring.gpg');
    await writeFile(keyringPath, key.publicBinary);
    ({ server, url } = await serve(archive));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  it('signs every dists/*/Release as InRelease and Release.gpg that gpgv accepts with the binary keyring', async () => {
    await writeTree(archive, suites);
    expect(await signReleaseFiles(join(archive, 'dists'), key)).toEqual([...suites].sort());
    for (const suite of suites) {
      const dist = join(archive, 'dists', suite);
      const inRelease = await execa('gpgv', ['--keyring', keyringPath, join(dist, 'InRelease')], { reject: false, all: true });
      expect(inRelease.exitCode, inRelease.all).toBe(0);
      expect(inRelease.all).toContain(`Good signature from "mbd archive key (test)"`);
      const detached = await execa('gpgv', ['--keyring', keyringPath, join(dist, 'Release.gpg'), join(dist, 'Release')], { reject: false, all: true });
      expect(detached.exitCode, detached.all).toBe(0);
      expect(detached.all).toContain(`using EDDSA key ${key.fingerprint}`);
    }
  });

  it('gives signatures gpgv refuses once the Release or InRelease is changed', async () => {
    const dist = join(archive, 'dists', suites[0]!);
    const release = await readFile(join(dist, 'Release'), 'utf8');
    const inRelease = await readFile(join(dist, 'InRelease'), 'utf8');
    try {
      await writeFile(join(dist, 'Release'), release.replace('Label: mbd', 'Label: evil'));
      await writeFile(join(dist, 'InRelease'), inRelease.replace('Label: mbd', 'Label: evil'));
      for (const args of [[join(dist, 'InRelease')], [join(dist, 'Release.gpg'), join(dist, 'Release')]]) {
        const result = await execa('gpgv', ['--keyring', keyringPath, ...args], { reject: false, all: true });
        expect(result.exitCode).not.toBe(0);
        expect(result.all).toContain('BAD signature');
      }
    } finally {
      await writeFile(join(dist, 'Release'), release);
      await writeFile(join(dist, 'InRelease'), inRelease);
    }
  });

  it('is accepted by apt-get update with Signed-By the binary keyring, and refused once tampered with', async () => {
    const suite = suites[0]!;
    const dist = join(archive, 'dists', suite);
    await signReleaseFiles(join(archive, 'dists'), key);

    const good = await aptGetUpdate(work, url, suite, keyringPath);
    expect(good.exitCode, good.output).toBe(0);
    expect(good.output).toMatch(new RegExp(`Get:\\d+ ${url.slice(0, -1)} ${suite} InRelease`));
    expect(good.output).not.toMatch(/^[WE]:/m);

    const inRelease = await readFile(join(dist, 'InRelease'), 'utf8');
    await writeFile(join(dist, 'InRelease'), inRelease.replace('Label: mbd', 'Label: evil'));
    const tampered = await aptGetUpdate(work, url, suite, keyringPath);
    expect(tampered.exitCode).not.toBe(0);
    expect(tampered.output).toMatch(/The following signatures were invalid: BADSIG/);

    // Without InRelease apt falls back to Release + Release.gpg: accepted as signed, refused when changed.
    await unlink(join(dist, 'InRelease'));
    const detached = await aptGetUpdate(work, url, suite, keyringPath);
    expect(detached.exitCode, detached.output).toBe(0);
    expect(detached.output).toMatch(new RegExp(`Get:\\d+ ${url.slice(0, -1)} ${suite} Release\\.gpg`));
    expect(detached.output).not.toMatch(/^[WE]:/m);
    const release = await readFile(join(dist, 'Release'), 'utf8');
    await writeFile(join(dist, 'Release'), release.replace('Label: mbd', 'Label: evil'));
    const changed = await aptGetUpdate(work, url, suite, keyringPath);
    expect(changed.exitCode).not.toBe(0);
    expect(changed.output).toMatch(/The following signatures were invalid: BADSIG/);
  });
});
