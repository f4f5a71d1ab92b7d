import { describe, expect, it } from 'vitest';
import { copyIdOf, signedContentOf, uploadIdOf } from './upload-id.js';

const body = ['Format: 1.8', 'Source: hello', 'Version: 1.0', 'Files:', ' 0123456789abcdef0123456789abcdef 10 misc optional hello_1.0.dsc'];

const signature = (seed: string, headers: string[]): string[] => ['-----BEGIN PGP SIGNATURE-----', ...headers, '', `iHUEARYKAB0WIQ${seed}`, `=${seed.slice(0, 4)}`, '-----END PGP SIGNATURE-----'];

const armored = ({ headers = ['Hash: SHA512'], lines = body, seed = 'AAAA', eol = '\n', signatureHeaders = [] as string[] } = {}): Buffer =>
  Buffer.from([...['-----BEGIN PGP SIGNED MESSAGE-----', ...headers, ''], ...lines, ...signature(seed, signatureHeaders), ''].join(eol));

const unsigned = (lines = body, eol = '\n'): Buffer => Buffer.from([...lines, ''].join(eol));

describe('upload id (signed content of a .changes)', () => {
  it('is the signed text of a clearsigned .changes, without armor and signature', () => {
    expect(signedContentOf(armored())).toEqual({ kind: 'clearsigned', text: body.join('\n') });
  });

  it('is the same for a copy with CRLF line endings', () => {
    expect(uploadIdOf(armored({ eol: '\r\n' }))).toBe(uploadIdOf(armored()));
  });

  it('is the same with other armor headers: Comment added (in either armor), Hash reordered', () => {
    const reference = uploadIdOf(armored());
    expect(uploadIdOf(armored({ headers: ['Hash: SHA512', 'Comment: re-encoded'] }))).toBe(reference);
    expect(uploadIdOf(armored({ headers: ['Comment: x', 'Hash: SHA256, SHA512'] }))).toBe(reference);
    expect(uploadIdOf(armored({ headers: [] }))).toBe(reference);
    expect(uploadIdOf(armored({ signatureHeaders: ['Comment: GPGTools - https://gpgtools.org', 'Version: GnuPG v2'] }))).toBe(reference);
  });

  it('is the same for another signature over the same text', () => {
    expect(uploadIdOf(armored({ seed: 'BBBBBBBB' }))).toBe(uploadIdOf(armored({ seed: 'AAAAAAAA' })));
  });

  it('ignores trailing spaces and tabs on each line, as OpenPGP canonical text does', () => {
    expect(uploadIdOf(armored({ lines: body.map((line) => `${line} \t `) }))).toBe(uploadIdOf(armored()));
  });

  it('undoes dash-escaping', () => {
    const dashed = [...body, ' .', '- -- a line starting with dashes'];
    expect(signedContentOf(armored({ lines: dashed })).text).toBe([...body, ' .', '-- a line starting with dashes'].join('\n'));
  });

  it('changes when the signed text changes, even by one character or a line break', () => {
    const reference = uploadIdOf(armored());
    expect(uploadIdOf(armored({ lines: body.map((line) => line.replace('1.0', '1.1')) }))).not.toBe(reference);
    expect(uploadIdOf(armored({ lines: [...body, ''] }))).not.toBe(reference);
    expect(uploadIdOf(armored({ lines: [' leading space', ...body] }))).not.toBe(reference);
  });

  it('normalises an unsigned .changes the same way (CRLF, trailing whitespace, trailing empty lines)', () => {
    const reference = uploadIdOf(unsigned());
    expect(signedContentOf(unsigned())).toEqual({ kind: 'unsigned', text: body.join('\n') });
    expect(uploadIdOf(unsigned(body, '\r\n'))).toBe(reference);
    expect(uploadIdOf(unsigned([...body.map((line) => `${line}  `), '', '']))).toBe(reference);
  });

  it('tells a clearsigned .changes from the same text unsigned', () => {
    expect(uploadIdOf(armored())).not.toBe(uploadIdOf(unsigned()));
  });

  it('takes a file with broken armor as unsigned text (still deterministic)', () => {
    const broken = Buffer.from(['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA512', '', ...body, ''].join('\n'));
    expect(signedContentOf(broken).kind).toBe('unsigned');
    expect(uploadIdOf(broken)).toBe(uploadIdOf(Buffer.from(broken)));
  });

  it('keeps bytes that are not UTF-8 apart (Latin-1 vs UTF-8 names)', () => {
    const latin1 = Buffer.from([...body, 'Changed-By: Jos\xe9 <j@example.invalid>', ''].join('\n'), 'latin1');
    const utf8 = Buffer.from([...body, 'Changed-By: José <j@example.invalid>', ''].join('\n'), 'utf8');
    expect(uploadIdOf(latin1)).not.toBe(uploadIdOf(utf8));
  });

  it('is 32 lowercase hex digits; a copy id is the start of the bytes’ SHA-256', () => {
    expect(uploadIdOf(armored())).toMatch(/^[0-9a-f]{32}$/);
    expect(copyIdOf('ab'.repeat(32))).toBe('ab'.repeat(16));
  });
});
