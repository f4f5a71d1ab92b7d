import { describe, expect, it } from 'vitest';
import { DebianParseError } from '../errors.js';
import { checkFiles, type FileDigests } from '../files/check-files.js';
import { helloChangesSigned } from '../testing/hello-mbd.fixtures.js';
import { formatVersion } from '../version/debian-version.js';
import { parseChanges } from './parse-changes.js';
import { uploadArchitectures } from './upload-kind.js';

const unsigned = helloChangesSigned.split('\n\n').slice(1).join('\n\n').split('\n-----BEGIN PGP SIGNATURE-----')[0]! + '\n';
const replace = (from: string | RegExp, to: string): string => unsigned.replace(from, to);

function parseError(text: string): DebianParseError {
  try {
    parseChanges(text);
  } catch (error) {
    if (error instanceof DebianParseError) return error;
    throw error;
  }
  throw new Error('expected a DebianParseError');
}

describe('parseChanges', () => {
  it('reads every field of a real, clearsigned .changes', () => {
    const changes = parseChanges(helloChangesSigned);
    expect(changes).toMatchObject({
      format: '1.8',
      date: 'Mon, 02 Jan 2023 10:00:00 +0100',
      source: 'hello-mbd',
      binaries: ['hello-mbd'],
      architectures: ['source', 'all'],
      upload: { kind: 'source+binary', source: true, archAll: true, archSpecific: [] },
      distributions: ['bookworm-test-unstable'],
      urgency: 'medium',
      maintainer: 'Mbd Tester <tester@example.org>',
      changedBy: 'Mbd Tester <tester@example.org>',
      description: ['hello-mbd  - test package for mbd'],
      closes: [1234],
    });
    expect(formatVersion(changes.version)).toBe('1.0');
    expect(changes.sourceVersion).toEqual(changes.version);
    expect(changes.changes.split('\n')).toEqual(['', 'hello-mbd (1.0) bookworm-test-unstable; urgency=medium', '.', '  * Initial release. (Closes: #1234)', '  * Second line', '    continued here.']);
    expect(changes.files).toHaveLength(4);
    expect(changes.files[2]).toEqual({
      name: 'hello-mbd_1.0_all.deb',
      size: 1180,
      md5: 'afd91a390ff1d2b1003754f5d972a278',
      sha1: '1a52e9cd1f0296f2e3547bceb217581ebdd7540d',
      sha256: '8737b0c5894345e71abe9d005006fe6c804ab198f9e9f4e9e99997576c278d00',
      section: 'misc',
      priority: 'optional',
    });
    expect(changes.clearsigned?.hashAlgorithms).toEqual(['SHA256']);
    expect(parseChanges(unsigned).clearsigned).toBeUndefined();
  });

  it('reads the source version of a binNMU from "Source: name (version)"', () => {
    const changes = parseChanges(replace('Source: hello-mbd', 'Source: hello-mbd (1:0.9-2)'));
    expect(formatVersion(changes.sourceVersion)).toBe('1:0.9-2');
    expect(formatVersion(changes.version)).toBe('1.0');
  });

  it.each([
    ['a file name with a directory', [' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional hello-mbd_1.0.dsc', ' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional ../etc/passwd'], 'invalid-file-name', /has a directory part/],
    ['a file name with ..', [' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional hello-mbd_1.0.dsc', ' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional a..dsc'], 'invalid-file-name', /contains "\.\."/],
    ['a file name starting with -', [' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional hello-mbd_1.0.dsc', ' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional -rf'], 'invalid-file-name', /starts with/],
    ['a hidden file', [' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional hello-mbd_1.0.dsc', ' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional .bashrc'], 'invalid-file-name', /starts with/],
    ['a size that differs between lists', [' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional hello-mbd_1.0.dsc', ' 8692ed1a297cd35d852d60f8762b2daf 507 misc optional hello-mbd_1.0.dsc'], 'inconsistent-file-lists', /hello-mbd_1.0.dsc has size 507 in Files but 506 in Checksums-Sha256/],
    ['a bad md5', [' 8692ed1a297cd35d852d60f8762b2daf 506 misc optional hello-mbd_1.0.dsc', ' 8692ed1a297cd35d852d60f8762b2dXX 506 misc optional hello-mbd_1.0.dsc'], 'invalid-field', /not a MD5 checksum/],
  ])('refuses %s', (_what, [from, to], code, message) => {
    const error = parseError(replace(from!, to!));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.line).toBe(unsigned.split('\n').indexOf(from!) + 1);
  });

  it('refuses lists that do not name the same files, a missing Checksums-Sha256 and a missing .dsc', () => {
    const withoutTarball = replace(/^ \S+ 736 misc optional hello-mbd_1.0.tar.xz\n/m, '');
    expect(parseError(withoutTarball).message).toMatch(/hello-mbd_1.0.tar.xz is in Checksums-Sha256 but not in Files/);
    const noSha256 = replace(/Checksums-Sha256:\n( .*\n)+/, '');
    expect(parseError(noSha256)).toMatchObject({ code: 'missing-field', field: 'Checksums-Sha256' });
    const noDsc = unsigned.split('\n').filter((line) => !line.endsWith('hello-mbd_1.0.dsc')).join('\n');
    expect(parseError(noDsc).message).toMatch(/exactly one \.dsc/);
    expect(parseError(replace('Architecture: source all', 'Architecture: all')).message).toMatch(/does not list source/);
  });

  it('refuses bad versions, names and missing fields with the line', () => {
    expect(parseError(replace('Version: 1.0', 'Version: 1.0-'))).toMatchObject({ code: 'invalid-version', line: 6, field: 'Version' });
    expect(parseError(replace('Source: hello-mbd', 'Source: Hello_Mbd'))).toMatchObject({ code: 'invalid-field', line: 3 });
    expect(parseError(replace(/^Urgency: medium\n/m, ''))).toMatchObject({ code: 'missing-field', field: 'Urgency' });
    expect(parseError(replace('Closes: 1234', 'Closes: #1234')).message).toMatch(/not a bug number/);
    expect(parseError(`${unsigned}\nSource: second\n`).message).toMatch(/one paragraph/);
  });
});

describe('uploadArchitectures', () => {
  it.each([
    [['source'], 'source-only', false, []],
    [['all'], 'binary-only', true, []],
    [['amd64', 'i386'], 'binary-only', false, ['amd64', 'i386']],
    [['source', 'all', 'amd64'], 'source+binary', true, ['amd64']],
  ] as const)('%j is %s', (architectures, kind, archAll, archSpecific) => {
    expect(uploadArchitectures(architectures)).toEqual({ kind, source: architectures.includes('source' as never), archAll, archSpecific });
  });
});

describe('checkFiles', () => {
  const changes = parseChanges(helloChangesSigned);
  const good = new Map<string, FileDigests>(changes.files.map((file) => [file.name, { size: file.size, md5: file.md5, sha1: file.sha1!, sha256: file.sha256 }]));

  it('finds nothing wrong when every size and checksum matches', async () => {
    expect(await checkFiles(changes, async (name) => good.get(name))).toEqual([]);
  });

  it('names the missing file, the size, and each checksum algorithm that does not match', async () => {
    const measured = new Map(good);
    measured.delete('hello-mbd_1.0.tar.xz');
    measured.set('hello-mbd_1.0.dsc', { ...good.get('hello-mbd_1.0.dsc')!, size: 1 });
    measured.set('hello-mbd_1.0_all.deb', { ...good.get('hello-mbd_1.0_all.deb')!, sha256: '0'.repeat(64) });
    measured.set('hello-mbd_1.0_amd64.buildinfo', { ...good.get('hello-mbd_1.0_amd64.buildinfo')!, md5: 'f'.repeat(32), sha1: 'e'.repeat(40) });
    const problems = await checkFiles(changes, async (name) => measured.get(name));
    expect(problems.map((problem) => problem.message)).toEqual([
      'hello-mbd_1.0.dsc has 1 bytes, 506 are listed',
      'hello-mbd_1.0.tar.xz is listed but missing',
      `hello-mbd_1.0_all.deb: SHA-256 checksum ${'0'.repeat(64)} does not match the listed 8737b0c5894345e71abe9d005006fe6c804ab198f9e9f4e9e99997576c278d00`,
      `hello-mbd_1.0_amd64.buildinfo: MD5 checksum ${'f'.repeat(32)} does not match the listed 5d3ac9a7b5b0df549316c0a7e85e1bb0`,
      `hello-mbd_1.0_amd64.buildinfo: SHA-1 checksum ${'e'.repeat(40)} does not match the listed 8a7c76eec71e9e2daec58478b5cb093e78085bc0`,
    ]);
    expect(problems.map((problem) => problem.kind)).toEqual(['size-mismatch', 'missing', 'checksum-mismatch', 'checksum-mismatch', 'checksum-mismatch']);
  });
});
