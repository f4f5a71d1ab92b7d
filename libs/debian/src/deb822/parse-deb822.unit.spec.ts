import { describe, expect, it } from 'vitest';
import { DebianParseError } from '../errors.js';
import { helloChangesSigned } from '../testing/hello-mbd.fixtures.js';
import { Deb822Paragraph, foldedValue, valueLines } from './deb822-paragraph.js';
import { splitClearsigned } from './clearsigned.js';
import { parseDeb822 } from './parse-deb822.js';
import { writeDeb822 } from './write-deb822.js';

const control = `# debian/control
Source: hello
Build-Depends: debhelper-compat (= 13),
 libfoo-dev
# a comment between fields
Maintainer: A <a@example.org>

Package: hello
Architecture: any
Description: greets
 Long text.
 .
   Indented.
`;

function parseError(run: () => unknown): DebianParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof DebianParseError) return error;
    throw error;
  }
  throw new Error('expected a DebianParseError');
}

describe('parseDeb822', () => {
  it('reads paragraphs, folded and multiline fields, and comments where allowed', () => {
    const { paragraphs, clearsigned } = parseDeb822(control, { allowComments: true });
    expect(clearsigned).toBeUndefined();
    expect(paragraphs).toHaveLength(2);
    const [source, binary] = paragraphs;
    expect(source!.get('build-depends')).toBe('debhelper-compat (= 13),\nlibfoo-dev');
    expect(foldedValue(source!.get('Build-Depends')!)).toBe('debhelper-compat (= 13), libfoo-dev');
    expect(source!.field('MAINTAINER')).toEqual({ name: 'Maintainer', value: 'A <a@example.org>', line: 6 });
    expect(binary!.line).toBe(8);
    expect(binary!.get('Description')).toBe('greets\nLong text.\n.\n  Indented.');
  });

  it('round-trips through writeDeb822', () => {
    const { paragraphs } = parseDeb822(control, { allowComments: true });
    const written = writeDeb822(paragraphs);
    expect(written).toBe(control.split('\n').filter((line) => !line.startsWith('#')).join('\n'));
    expect(parseDeb822(written).paragraphs.map((p) => p.fields.map(({ name, value }) => [name, value]))).toEqual(
      paragraphs.map((p) => p.fields.map(({ name, value }) => [name, value])),
    );
  });

  it('takes the clearsigned armor off and keeps the signed text and signature', () => {
    const { paragraphs, clearsigned } = parseDeb822(helloChangesSigned);
    expect(clearsigned!.hashAlgorithms).toEqual(['SHA256']);
    expect(clearsigned!.signature).toMatch(/^-----BEGIN PGP SIGNATURE-----\n\n[\s\S]+\n-----END PGP SIGNATURE-----\n$/);
    expect(clearsigned!.signedText.startsWith('Format: 1.8\nDate:')).toBe(true);
    expect(clearsigned!.signedText.endsWith('5253 misc optional hello-mbd_1.0_amd64.buildinfo')).toBe(true);
    expect(paragraphs).toHaveLength(1);
    expect(paragraphs[0]!.field('Source')!.line).toBe(6);
    expect(valueLines(paragraphs[0]!.get('Files')!)).toHaveLength(4);
  });

  it('undoes dash-escaping and refuses unescaped dash lines in the signed text', () => {
    const armored = (line: string): string[] =>
      ['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA256', '', 'text', line, '-----BEGIN PGP SIGNATURE-----', 'x', '-----END PGP SIGNATURE-----'];
    expect(splitClearsigned(armored('- -- signed line')).signedText).toBe('text\n-- signed line');
    const error = parseError(() => splitClearsigned(armored('-- unescaped')));
    expect([error.code, error.line]).toEqual(['invalid-armor', 5]);
    expect(error.message).toMatch(/not dash-escaped/);
  });

  it.each([
    ['Source: a\nSource: b\n', 'duplicate-field', 2, /field Source appears twice \(first on line 1\)/],
    ['Source: a\nsource: b\n', 'duplicate-field', 2, /appears twice/],
    [' continued\n', 'invalid-deb822', 1, /continuation line outside a field/],
    ['Source: a\nno colon here\n', 'invalid-deb822', 2, /neither a "Name: value" field/],
    ['Source: a\n# comment\n', 'invalid-deb822', 2, /comment lines are not allowed/],
    ['Source: a\u0000b\n', 'invalid-deb822', 1, /control character \\x00 in column 10/],
    ['-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nA: b\n', 'invalid-armor', 4, /has no '-----BEGIN PGP SIGNATURE-----'/],
    ['-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nA: b\n-----BEGIN PGP SIGNATURE-----\nabc\n', 'invalid-armor', 6, /not terminated/],
    ['-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\nA: b\n', 'invalid-armor', 3, /ends inside its armor headers/],
    ['-----BEGIN PGP SIGNED MESSAGE-----\n\nA: b\n-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\nEvil: yes\n', 'invalid-armor', 6, /text after the end/],
    ['A: b\n-----BEGIN PGP SIGNATURE-----\n', 'invalid-deb822', 2, /armor line where a field was expected/],
  ])('refuses %j with %s on line %i', (text, code, line, message) => {
    const error = parseError(() => parseDeb822(text));
    expect(error.code).toBe(code);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^line ${line}`));
  });

  it('refuses input above the size limit and bytes that are not UTF-8', () => {
    const hundredLines = Array.from({ length: 100 }, (_, i) => `F${i % 10}: b\n${i % 10 === 9 ? '\n' : ''}`).join('');
    expect(hundredLines).toHaveLength(610);
    expect(parseError(() => parseDeb822(hundredLines, { maxBytes: 609 })).code).toBe('input-too-large');
    expect(parseDeb822(hundredLines, { maxBytes: 610 }).paragraphs).toHaveLength(10);
    expect(parseError(() => parseDeb822(new Uint8Array(2_000_000))).code).toBe('input-too-large');
    expect(parseError(() => parseDeb822(new Uint8Array([0x41, 0x3a, 0x20, 0xff, 0x0a]))).message).toMatch(/not valid UTF-8/);
    expect(parseDeb822(new TextEncoder().encode('A: ü\n')).paragraphs[0]!.get('a')).toBe('ü');
  });
});

describe('writeDeb822', () => {
  it('refuses what would not read back the same', () => {
    expect(() => writeDeb822([Deb822Paragraph.of({ 'Bad Name': 'x' })])).toThrow(/not a valid field name/);
    expect(() => writeDeb822([Deb822Paragraph.of({ A: 'x\n\ny' })])).toThrow(/write "\." for an empty line/);
    expect(() => writeDeb822([Deb822Paragraph.of({ A: ' x' })])).toThrow(/whitespace/);
    expect(() => Deb822Paragraph.of([['A', '1'], ['a', '2']])).toThrow(DebianParseError);
  });
});
