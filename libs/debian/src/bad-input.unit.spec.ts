/**
 * Bad input (issue 3): no input — truncated, binary, huge fields, duplicated fields, unterminated armor,
 * mismatched checksums — makes a parser throw anything but DebianParseError, hang, or work without bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBuildinfo } from './buildinfo/parse-buildinfo.js';
import { parseChangelog } from './changelog/parse-changelog.js';
import { parseChanges } from './changes/parse-changes.js';
import { parseDeb822 } from './deb822/parse-deb822.js';
import { parseDsc } from './dsc/parse-dsc.js';
import { DebianParseError } from './errors.js';
import { checkFiles } from './files/check-files.js';
import { helloBuildinfo, helloChangesSigned, helloDsc } from './testing/hello-mbd.fixtures.js';
import { compareVersions, formatVersion, parseVersion } from './version/debian-version.js';

const changelog = 'hello (2.10-3) unstable; urgency=low\n\n  * Fix.\n    More.\n\n -- A B <a@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n';

const parsers: Array<[string, (input: string | Uint8Array) => unknown, string]> = [
  ['parseDeb822', (input) => parseDeb822(input), helloChangesSigned],
  ['parseChanges', (input) => parseChanges(input), helloChangesSigned],
  ['parseDsc', (input) => parseDsc(input), helloDsc],
  ['parseBuildinfo', (input) => parseBuildinfo(input), helloBuildinfo],
  ['parseChangelog', (input) => parseChangelog(input), changelog],
];

/** Runs `parse`; fails the property unless it returns or throws a DebianParseError with a reason, within a time bound. */
function onlyTypedErrors(parse: (input: string | Uint8Array) => unknown, input: string | Uint8Array): void {
  const start = performance.now();
  try {
    parse(input);
  } catch (error) {
    if (!(error instanceof DebianParseError)) throw error;
    expect(error.reason.length).toBeGreaterThan(0);
  }
  expect(performance.now() - start).toBeLessThan(1_000);
}

/** Mutations of a real file that reach deep into the parsers. */
const mutated = (text: string): fc.Arbitrary<string> => {
  const lines = text.split('\n');
  return fc.oneof(
    fc.nat(text.length).map((cut) => text.slice(0, cut)),
    fc.tuple(fc.nat(text.length - 1), fc.string({ unit: 'binary-ascii', maxLength: 8 })).map(([at, junk]) => text.slice(0, at) + junk + text.slice(at + 1)),
    fc.nat(lines.length - 1).map((at) => [...lines.slice(0, at + 1), ...lines.slice(at)].join('\n')),
    fc.nat(lines.length - 1).map((at) => [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n')),
    fc.tuple(fc.nat(lines.length - 1), fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom('a', ' ', ':', '(', '0', '-', '<', '\t')).map(([at, size, c]) =>
      [...lines.slice(0, at), `${lines[at]}${c.repeat(size)}`, ...lines.slice(at + 1)].join('\n'),
    ),
    fc.nat(lines.length - 1).map((at) => [...lines.slice(0, at), ` ${lines[at]}`, ...lines.slice(at + 1)].join('\n')),
    fc.constant(text.replace('-----END PGP SIGNATURE-----', '')),
    fc.constant(text.replace(/^Hash: .*\n/m, '')),
  );
};

describe('bad input', () => {
  for (const [name, parse, fixture] of parsers) {
    it(`${name}: random text, random bytes and mutated real files give a result or a DebianParseError`, () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (input) => onlyTypedErrors(parse, input)), { numRuns: 150 });
      fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (input) => onlyTypedErrors(parse, input)), { numRuns: 150 });
      fc.assert(fc.property(mutated(fixture), (input) => onlyTypedErrors(parse, input)), { numRuns: 400 });
    });
  }

  it('refuses input above the size bound at once, without parsing it', () => {
    const huge = `Source: x\nDescription: ${'a'.repeat(8 * 1024 * 1024)}\n`;
    const start = performance.now();
    for (const [, parse] of parsers) expect(() => parse(huge)).toThrow(/larger than 1048576 bytes/);
    expect(() => parseChanges(new Uint8Array(8 * 1024 * 1024))).toThrow(/larger than 1048576 bytes/);
    expect(performance.now() - start).toBeLessThan(1_000);
  });

  it('parseVersion: any string gives a version or a DebianParseError, and valid versions order consistently', () => {
    const versionLike = fc.stringMatching(/^([0-9]{1,3}:)?[0-9][0-9A-Za-z.+~:-]{0,12}(-[0-9A-Za-z.+~]{1,6})?$/);
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), (text) => onlyTypedErrors((input) => parseVersion(String(input)), text)), { numRuns: 500 });
    fc.assert(
      fc.property(versionLike, versionLike, versionLike, (a, b, c) => {
        const [x, y, z] = [a, b, c].map((text) => {
          try {
            return parseVersion(text);
          } catch (error) {
            if (error instanceof DebianParseError) return undefined;
            throw error;
          }
        });
        if (x === undefined || y === undefined || z === undefined) return;
        expect(compareVersions(x, y)).toBe(-compareVersions(y, x) || 0);
        expect(compareVersions(parseVersion(formatVersion(x)), x)).toBe(0);
        if (compareVersions(x, y) <= 0 && compareVersions(y, z) <= 0) expect(compareVersions(x, z)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 1_000 },
    );
  });

  it('mismatched checksums are reported by checkFiles, never thrown', async () => {
    const changes = parseChanges(helloChangesSigned);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ size: fc.nat(2_000), md5: fc.string(), sha1: fc.string(), sha256: fc.string() }), { minLength: 4, maxLength: 4 }), async (measured) => {
        const problems = await checkFiles(changes, async (name) => measured[changes.files.findIndex((file) => file.name === name)]);
        expect(problems.length).toBeGreaterThanOrEqual(4);
        for (const problem of problems) expect(problem.message).toContain(problem.name);
      }),
      { numRuns: 200 },
    );
  });
});
