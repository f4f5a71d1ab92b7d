import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debSources, sourcesList } from './apt-sources.js';
import { dputCf } from './dput-config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mbd-snippets-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('sources.list and .sources snippets', () => {
  it('are read by apt, which asks for the right Release files and indices', async () => {
    const apt = join(dir, 'apt');
    for (const sub of ['state/lists/partial', 'cache/archives/partial', 'sources.list.d']) await mkdir(join(apt, sub), { recursive: true });
    await writeFile(join(apt, 'state', 'status'), '');
    const target = { host: 'mbd.invalid', httpPort: 8066, repository: 'test', codename: 'bookworm', signedBy: join(apt, 'mbd-test.gpg') };
    await writeFile(join(apt, 'sources.list'), sourcesList({ ...target, suites: ['unstable'], types: ['deb'] }));
    await writeFile(join(apt, 'sources.list.d', 'mbd.sources'), debSources({ ...target, suites: ['testing', 'stable'] }));
    const options = [
      `Dir::State=${apt}/state`,
      `Dir::State::status=${apt}/state/status`,
      `Dir::Cache=${apt}/cache`,
      `Dir::Etc::SourceList=${apt}/sources.list`,
      `Dir::Etc::SourceParts=${apt}/sources.list.d`,
      'APT::Architecture=amd64',
      'APT::Architectures=amd64',
      'Debug::NoLocking=1',
    ].flatMap((option) => ['-o', option]);
    const { stdout } = await execa('apt-get', [...options, '--print-uris', 'update']);
    const uris = stdout.split('\n').map((line) => line.split(' ')[0]!.replace(/'/g, '')).sort();
    const base = 'http://mbd.invalid:8066/repositories/test/dists';
    expect(uris).toEqual(
      [
        `${base}/bookworm-test-unstable/InRelease`,
        `${base}/bookworm-test-unstable/main/binary-amd64/Packages.xz`,
        `${base}/bookworm-test-unstable/main/binary-all/Packages.xz`,
        ...['testing', 'stable'].flatMap((suite) => [
          `${base}/bookworm-test-${suite}/InRelease`,
          `${base}/bookworm-test-${suite}/main/binary-amd64/Packages.xz`,
          `${base}/bookworm-test-${suite}/main/binary-all/Packages.xz`,
          `${base}/bookworm-test-${suite}/main/source/Sources.xz`,
        ]),
      ].sort(),
    );
  });
});

describe('dput.cf snippet', () => {
  it('is read by dput, which uploads to the FTP incoming only for the allowed distributions', async () => {
    const source = join(dir, 'hello-mbd-1.0');
    await mkdir(join(source, 'debian', 'source'), { recursive: true });
    await writeFile(join(source, 'debian', 'source', 'format'), '3.0 (native)\n');
    await writeFile(join(source, 'debian', 'control'), 'Source: hello-mbd\nMaintainer: A <a@example.org>\n\nPackage: hello-mbd\nArchitecture: all\nDescription: x\n x\n');
    await writeFile(join(source, 'debian', 'changelog'), 'hello-mbd (1.0) bookworm-test-unstable; urgency=low\n\n  * x\n\n -- A <a@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n');
    await writeFile(join(source, 'debian', 'rules'), '#!/usr/bin/make -f\n');
    await chmod(join(source, 'debian', 'rules'), 0o755);
    await execa('dpkg-source', ['-b', '.'], { cwd: source });
    const { stdout: changes } = await execa('dpkg-genchanges', ['-S'], { cwd: source });
    await writeFile(join(dir, 'hello-mbd_1.0_source.changes'), changes);

    const dput = async (distributions: string[]) => {
      await writeFile(join(dir, 'dput.cf'), dputCf({ host: 'localhost', ftpPort: 8067, distributions, allowUnsignedUploads: true }));
      return execa('dput', ['-c', join(dir, 'dput.cf'), '-s', '-u', 'mbd-localhost', join(dir, 'hello-mbd_1.0_source.changes')], { reject: false, env: { USER: 'mbd' } });
    };
    const allowed = await dput(['bookworm-test-experimental', 'bookworm-test-unstable']);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain(`Uploading with ftp: ${join(dir, 'hello-mbd_1.0_source.changes')} to localhost:8067:/incoming`);
    const refused = await dput(['bookworm-test-experimental', 'bookworm-test-unstablex']);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('uploading files for distribution bookworm-test-unstable to mbd-localhost not allowed');
  });
});
