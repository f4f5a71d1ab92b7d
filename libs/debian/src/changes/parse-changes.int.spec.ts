import { createHash } from 'node:crypto';
import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBuildinfo } from '../buildinfo/parse-buildinfo.js';
import type { Deb822Paragraph } from '../deb822/deb822-paragraph.js';
import { parseDsc } from '../dsc/parse-dsc.js';
import { checkFiles, type FileDigests } from '../files/check-files.js';
import { formatVersion } from '../version/debian-version.js';
import { parseChanges } from './parse-changes.js';

/** A real upload, made by dpkg-buildpackage in a temp dir: an arch:all package with an epoch and a revision. */
let dir: string;
const changesName = 'hello-mbd_1.0-2_amd64.changes';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mbd-debian-'));
  const source = join(dir, 'hello-mbd-1.0');
  await mkdir(source);
  await writeFile(join(source, 'hello.txt'), 'hello\n');
  await execa('tar', ['czf', 'hello-mbd_1.0.orig.tar.gz', 'hello-mbd-1.0'], { cwd: dir });
  await mkdir(join(source, 'debian', 'source'), { recursive: true });
  await writeFile(join(source, 'debian', 'source', 'format'), '3.0 (quilt)\n');
  await writeFile(
    join(source, 'debian', 'control'),
    'Source: hello-mbd\nSection: misc\nPriority: optional\nMaintainer: Mbd Tester <tester@example.org>\nUploaders: Second <second@example.org>\n' +
      'Build-Depends: debhelper-compat (= 13)\nBuild-Depends-Indep: python3:any,\n  coreutils (>= 8)\nStandards-Version: 4.6.2\nRules-Requires-Root: no\n\n' +
      'Package: hello-mbd\nArchitecture: all\nDescription: test package for mbd\n tiny.\n\nPackage: hello-mbd-doc\nArchitecture: all\nDescription: docs for mbd\n tiny.\n',
  );
  await writeFile(
    join(source, 'debian', 'changelog'),
    'hello-mbd (1:1.0-2) bookworm-test-unstable bookworm-test-experimental; urgency=low\n\n  * Second upload. (Closes: #42, #4711)\n\n' +
      ' -- Changer <changer@example.org>  Mon, 02 Jan 2023 10:00:00 +0100\n\n' +
      'hello-mbd (1:1.0-1) bookworm-test-unstable; urgency=medium\n\n  * First.\n\n -- Mbd Tester <tester@example.org>  Sun, 01 Jan 2023 10:00:00 +0100\n',
  );
  await writeFile(join(source, 'debian', 'rules'), '#!/usr/bin/make -f\n%:\n\tdh $@\n');
  await chmod(join(source, 'debian', 'rules'), 0o755);
  await writeFile(join(source, 'debian', 'hello-mbd.install'), 'hello.txt usr/share/hello-mbd\n');
  await execa('dpkg-buildpackage', ['-us', '-uc', '-sa'], { cwd: source });
});

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function digests(name: string): Promise<FileDigests | undefined> {
  const bytes = await readFile(join(dir, name)).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const hash = (algorithm: string): string => createHash(algorithm).update(bytes).digest('hex');
  return { size: (await stat(join(dir, name))).size, md5: hash('md5'), sha1: hash('sha1'), sha256: hash('sha256') };
}

/** Every field as dpkg's own parser (Dpkg::Control) reads it, in order. */
async function dpkgFields(file: string, type: string): Promise<Array<[string, string]>> {
  const script = `use Dpkg::Control; use JSON::PP; my $c = Dpkg::Control->new(type => ${type}); $c->load($ARGV[0]); print JSON::PP->new->encode([map { [$_, $c->{$_}] } keys %$c]);`;
  const { stdout } = await execa('perl', ['-e', script, join(dir, file)]);
  return JSON.parse(stdout) as Array<[string, string]>;
}

/** Our fields in Dpkg::Control's form (it keeps ` .` lines as empty lines). */
const ourFields = (paragraph: Deb822Paragraph): Array<[string, string]> =>
  paragraph.fields.map(({ name, value }) => [name, value.split('\n').map((line) => (line === '.' ? '' : line)).join('\n')]);

describe('parsing what dpkg-buildpackage made', () => {
  it('reads the .changes with the same fields and values as dpkg', async () => {
    const text = await readFile(join(dir, changesName));
    const changes = parseChanges(text, { what: changesName });
    expect(ourFields(changes.paragraph)).toEqual(await dpkgFields(changesName, 'CTRL_FILE_CHANGES'));
    expect(changes).toMatchObject({
      source: 'hello-mbd',
      binaries: ['hello-mbd', 'hello-mbd-doc'],
      distributions: ['bookworm-test-unstable', 'bookworm-test-experimental'],
      urgency: 'low',
      changedBy: 'Changer <changer@example.org>',
      closes: [42, 4711],
      upload: { kind: 'source+binary', archAll: true, archSpecific: [] },
    });
    expect(formatVersion(changes.version)).toBe('1:1.0-2');
    expect(changes.files.map((file) => file.name).sort()).toEqual([
      'hello-mbd-doc_1.0-2_all.deb',
      'hello-mbd_1.0-2.debian.tar.xz',
      'hello-mbd_1.0-2.dsc',
      'hello-mbd_1.0-2_all.deb',
      'hello-mbd_1.0-2_amd64.buildinfo',
      'hello-mbd_1.0.orig.tar.gz',
    ]);
  });

  it('reads the .dsc and .buildinfo with the same fields as dpkg', async () => {
    const dsc = parseDsc(await readFile(join(dir, 'hello-mbd_1.0-2.dsc')));
    expect(ourFields(dsc.paragraph)).toEqual(await dpkgFields('hello-mbd_1.0-2.dsc', 'CTRL_PKG_SRC'));
    expect(dsc).toMatchObject({ format: '3.0 (quilt)', uploaders: ['Second <second@example.org>'], buildDependsIndep: ['python3:any', 'coreutils (>= 8)'] });
    expect(dsc.binaries).toEqual(['hello-mbd', 'hello-mbd-doc']);
    const buildinfo = parseBuildinfo(await readFile(join(dir, 'hello-mbd_1.0-2_amd64.buildinfo')));
    expect(ourFields(buildinfo.paragraph)).toEqual(await dpkgFields('hello-mbd_1.0-2_amd64.buildinfo', 'CTRL_FILE_BUILDINFO'));
    const dpkg = buildinfo.installedBuildDepends.find((entry) => entry.package === 'dpkg-dev');
    const { stdout: installed } = await execa('dpkg-query', ['-W', '-f', '${Version}', 'dpkg-dev']);
    expect(formatVersion(dpkg!.version)).toBe(installed);
  });

  it('finds every file as listed, then names each size and checksum that no longer matches', async () => {
    const changes = parseChanges(await readFile(join(dir, changesName)));
    expect(await checkFiles(changes, digests)).toEqual([]);
    expect(await checkFiles(parseDsc(await readFile(join(dir, 'hello-mbd_1.0-2.dsc'))), digests)).toEqual([]);

    await appendFile(join(dir, 'hello-mbd_1.0-2_all.deb'), 'x');
    const deb = await readFile(join(dir, 'hello-mbd-doc_1.0-2_all.deb'));
    deb[deb.length - 1] ^= 0xff;
    await writeFile(join(dir, 'hello-mbd-doc_1.0-2_all.deb'), deb);
    await rm(join(dir, 'hello-mbd_1.0-2_amd64.buildinfo'));
    const problems = await checkFiles(changes, digests);
    expect(problems.map(({ kind, name, ...rest }) => [kind, name, 'algorithm' in rest ? rest.algorithm : undefined])).toEqual([
      ['checksum-mismatch', 'hello-mbd-doc_1.0-2_all.deb', 'MD5'],
      ['checksum-mismatch', 'hello-mbd-doc_1.0-2_all.deb', 'SHA-1'],
      ['checksum-mismatch', 'hello-mbd-doc_1.0-2_all.deb', 'SHA-256'],
      ['size-mismatch', 'hello-mbd_1.0-2_all.deb', undefined],
      ['missing', 'hello-mbd_1.0-2_amd64.buildinfo', undefined],
    ]);
  });

  it('returns the body of a gpg-clearsigned .changes exactly as gpg says it was signed', async () => {
    const home = join(dir, 'gnupg');
    await mkdir(home, { mode: 0o700 });
    const env = { GNUPGHOME: home };
    await execa('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Mbd Test <test@example.org>', 'ed25519', 'sign', 'never'], { env });
    const changes = join(dir, changesName);
    await execa('gpg', ['--batch', '--yes', '--clearsign', '-o', `${changes}.asc`, changes], { env });
    const signed = parseChanges(await readFile(`${changes}.asc`));
    const { stdout: gpgBody } = await execa('gpg', ['--batch', '--verify', '-o', '-', `${changes}.asc`], { env, stripFinalNewline: false });
    expect(`${signed.clearsigned!.signedText}\n`).toBe(gpgBody);
    expect(`${signed.clearsigned!.signedText}\n`).toBe((await readFile(changes, 'utf8')));
    expect(signed.clearsigned!.hashAlgorithms.length).toBe(1);
    await writeFile(join(dir, 'detached.asc'), signed.clearsigned!.signature);
    // The signature covers the text without the line break before the signature armor (RFC 4880 §7.1).
    await writeFile(join(dir, 'body'), signed.clearsigned!.signedText);
    await expect(execa('gpg', ['--batch', '--verify', join(dir, 'detached.asc'), join(dir, 'body')], { env })).resolves.toMatchObject({ exitCode: 0 });
  });
});
