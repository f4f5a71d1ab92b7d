import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { compareVersions, isValidVersion } from './debian-version.js';
import { versionPairs } from './version-corpus.js';

type Pair = readonly [string, string];

const pairs = versionPairs(12_000);
const relation = (sign: number): string => (sign < 0 ? '<' : sign > 0 ? '>' : '=');
const tabbed = (subset: readonly Pair[]): string => subset.map(([a, b]) => `${a}\t${b}\n`).join('');
const disagreements = (oracle: string[], subset: readonly Pair[]): string[] =>
  subset
    .map(([a, b], i) => ({ a, b, dpkg: oracle[i], mbd: relation(compareVersions(a, b)) }))
    .filter(({ dpkg, mbd }) => dpkg !== mbd)
    .map(({ a, b, dpkg, mbd }) => `${a} ${dpkg} ${b} by dpkg, ${mbd} by mbd`);

/**
 * Dpkg::Version (libdpkg-perl) compares digit runs with Perl's `<=>`, which is exact only while a run
 * fits a 64-bit integer: on longer runs it disagrees with the dpkg binary (found by this test). Those
 * pairs go to the binary instead.
 */
const fitsPerl = (version: string): boolean => (version.match(/[0-9]+/g) ?? []).every((run) => run.replace(/^0+/, '').length <= 18);

async function perlOracle(subset: readonly Pair[]): Promise<string[]> {
  const script = 'use Dpkg::Version; while (<STDIN>) { chomp; my ($a, $b) = split /\\t/; my $c = version_compare($a, $b); print $c < 0 ? "<" : $c > 0 ? ">" : "=", "\\n"; }';
  const { stdout } = await execa('perl', ['-e', script], { input: tabbed(subset) });
  return stdout.split('\n');
}

/** `dpkg --compare-versions` itself, in one shell loop per core (one or two dpkg runs per pair). */
async function dpkgOracle(subset: readonly Pair[]): Promise<string[]> {
  const script = 'while IFS="	" read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo "<"; elif dpkg --compare-versions "$a" eq "$b"; then echo "="; else echo ">"; fi; done';
  const half = Math.ceil(subset.length / 2);
  const outputs = await Promise.all(
    [subset.slice(0, half), subset.slice(half)].map((chunk) => execa('sh', ['-c', script], { input: tabbed(chunk) })),
  );
  return outputs.flatMap(({ stdout }) => (stdout === '' ? [] : stdout.split('\n')));
}

describe('compareVersions agrees with dpkg', () => {
  it('generates a corpus of valid, varied versions', () => {
    const versions = pairs.flat();
    expect(versions.filter((v) => !isValidVersion(v))).toEqual([]);
    expect(new Set(versions).size).toBeGreaterThan(8_000);
    for (const feature of [/~/, /^\d+:/, /\+/, /-.*-/, /[a-z]/, /[A-Z]/, /\b0\d/, /\d{19}/, /^[^-]*$/]) {
      expect(versions.some((v) => feature.test(v)), String(feature)).toBe(true);
    }
    const outcomes = pairs.map(([a, b]) => compareVersions(a, b));
    for (const outcome of [-1, 0, 1]) expect(outcomes.filter((o) => o === outcome).length).toBeGreaterThan(500);
  });

  it('on every pair: Dpkg::Version where it is exact, the dpkg binary on long digit runs', async () => {
    const byPerl = pairs.filter(([a, b]) => fitsPerl(a) && fitsPerl(b));
    const byDpkg = pairs.filter(([a, b]) => !(fitsPerl(a) && fitsPerl(b)));
    expect(byDpkg.length).toBeGreaterThan(100);
    const [perl, dpkg] = await Promise.all([perlOracle(byPerl), dpkgOracle(byDpkg)]);
    expect(perl).toHaveLength(byPerl.length);
    expect(dpkg).toHaveLength(byDpkg.length);
    expect([...disagreements(perl, byPerl), ...disagreements(dpkg, byDpkg)]).toEqual([]);
  });

  it('on a sample of 500 ordinary pairs, against the dpkg --compare-versions binary too', async () => {
    const sample = pairs.filter((_, i) => i % 24 === 0);
    const oracle = await dpkgOracle(sample);
    expect(oracle).toHaveLength(sample.length);
    expect(disagreements(oracle, sample)).toEqual([]);
  });
});
