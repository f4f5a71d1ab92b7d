/**
 * Debian formats: clearsigned .changes parsed per second (a typical one and a large one with many
 * binaries), and Debian versions compared per second (parsed once, and from strings each time).
 */
import { compareVersions, parseChanges, parseVersion } from '@mbd/debian';
import { medianMs, type BenchResult } from './bench-result.js';

const runs = 5;

/** A clearsigned .changes listing `binaries` .debs plus the source files, like dpkg-genchanges writes. */
function changesFile(binaries: number): string {
  const names = Array.from({ length: binaries }, (_, i) => (i === 0 ? 'hello' : `hello-part${i}`));
  const debs = names.map((name) => `${name}_2.10-3_amd64.deb`);
  const files = ['hello_2.10-3.dsc', 'hello_2.10.orig.tar.gz', 'hello_2.10-3.debian.tar.xz', ...debs, 'hello_2.10-3_amd64.buildinfo'];
  const hex = (length: number, seed: number): string => Array.from({ length }, (_, i) => '0123456789abcdef'[(seed * 7 + i * 13) % 16]).join('');
  const list = (length: number, extra: string) => files.map((name, i) => ` ${hex(length, i)} ${1000 + i * 37}${extra} ${name}`).join('\n');
  const body = [
    'Format: 1.8',
    'Date: Tue, 24 Nov 2026 10:00:00 +0000',
    'Source: hello',
    `Binary: ${names.join(' ')}`,
    'Architecture: source amd64',
    'Version: 2.10-3',
    'Distribution: bookworm-test-unstable',
    'Urgency: medium',
    'Maintainer: Santiago Vila <sanvila@debian.org>',
    'Changed-By: Santiago Vila <sanvila@debian.org>',
    'Description:',
    ...names.map((name) => ` ${name} - example package based on GNU hello`),
    'Closes: 1000 1001',
    'Changes:',
    ' hello (2.10-3) bookworm-test-unstable; urgency=medium',
    ' .',
    '   * Add Rules-Requires-Root: no. (Closes: #1000)',
    '   * Update standards version. (Closes: #1001)',
    `Checksums-Sha1:\n${list(40, '')}`,
    `Checksums-Sha256:\n${list(64, '')}`,
    `Files:\n${list(32, ' misc optional')}`,
  ].join('\n');
  const signature = '-----BEGIN PGP SIGNATURE-----\n\niHUEARYIAB0WIQTnkcWlyviJi4DgG9YgodAO+q9JnQUCawZ9lgAKCRAgodAO+q9J\nnTfwAQDE5woF6C80Mx0+7GzubOK9i3ggYNlJEXMzE2N25XRlywD5AYUlQZQzQ+4m\n46RBbanFhl+GBQNtNopVskiX8TSdQw8=\n=ck1t\n-----END PGP SIGNATURE-----\n';
  return `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${body}\n${signature}`;
}

/** Realistic versions: epochs, tildes, backports, binNMUs, long digit runs. */
const versions = [
  '1.0', '1.0-1', '1.0-1+b1', '1.0~rc1-1', '1:1.0-1', '2.10-3', '2.10-3~bpo12+1', '2.10-3+deb12u1', '0.0~git20231224.1a2b3c4-2',
  '1.2.3+dfsg-4', '1.2.3+dfsg-4ubuntu0.1', '5.10.0-28', '6.1.76-1', '20230101', '20230101.1', '3.0~beta2+ds-1', '12.2.0-14',
  '2:4.17.12+dfsg-0+deb12u1', '1.21.23', '1.21.22~test12+1', '9.1-1', '4:12.2.0-3', '0.21-12', '8.10.0~20240101120000-1',
];

/** Items per second of `fn` (which handles `count` items), after one warm-up run. */
async function perSecond(count: number, fn: () => void): Promise<number> {
  fn();
  const ms = await medianMs(runs, fn);
  return (count / ms) * 1000;
}

export async function run(): Promise<BenchResult[]> {
  const typical = changesFile(2);
  const large = changesFile(60);
  const parsedVersions = versions.map(parseVersion);
  const pairs = parsedVersions.length ** 2;
  const rounds = 200;
  return [
    {
      name: '.changes parsed (clearsigned, 6 files)',
      value: await perSecond(2_000, () => { for (let i = 0; i < 2_000; i++) parseChanges(typical); }),
      unit: 'files/s',
      note: `${typical.length} bytes, median of ${runs}`,
    },
    {
      name: '.changes parsed (clearsigned, 64 files)',
      value: await perSecond(200, () => { for (let i = 0; i < 200; i++) parseChanges(large); }),
      unit: 'files/s',
      note: `${large.length} bytes, median of ${runs}`,
    },
    {
      name: 'Debian versions compared (parsed)',
      value: await perSecond(pairs * rounds, () => {
        for (let r = 0; r < rounds; r++) for (const a of parsedVersions) for (const b of parsedVersions) compareVersions(a, b);
      }),
      unit: 'comparisons/s',
      note: `median of ${runs}`,
    },
    {
      name: 'Debian versions compared (from strings)',
      value: await perSecond(pairs * 20, () => {
        for (let r = 0; r < 20; r++) for (const a of versions) for (const b of versions) compareVersions(a, b);
      }),
      unit: 'comparisons/s',
      note: `parse both, then compare; median of ${runs}`,
    },
  ];
}
