/**
 * OpenPGP throughput: clearsigned .changes verified per second (signed by GnuPG with ed25519 and
 * rsa3072 keys, as uploaders do), each beside its floor: openpgp's own readCleartextMessage + verify
 * of the same message with the same key, timed in turns with it in the same run. And InRelease files
 * signed per second with the archive key.
 */
import { ArchiveKey, GnupgHome, Keyring, verifyClearsigned } from '@mbd/gpg';
import { generateKey, readCleartextMessage, verify } from 'openpgp';
import { median, medianMs, type BenchResult } from './bench-result.js';

const runs = 5;
const verificationsPerRun = 300;
/** Verifications timed in one go before the other side takes its turn. */
const turn = 20;
const signaturesPerRun = 300;

// A binary-only .changes of typical size (about 1.3 kB).
const changes = [
  'Format: 1.8',
  'Date: Tue, 24 Nov 2026 10:00:00 +0000',
  'Source: hello-lab',
  'Binary: hello-lab hello-lab-data',
  'Architecture: amd64 all',
  'Version: 1.0-1',
  'Distribution: bookworm-test-unstable',
  'Urgency: medium',
  'Maintainer: Lab Maintainer <lab@example.invalid>',
  'Changed-By: Lab Maintainer <lab@example.invalid>',
  'Description:',
  ' hello-lab - says hello',
  ' hello-lab-data - data for hello-lab',
  'Changes:',
  ' hello-lab (1.0-1) bookworm-test-unstable; urgency=medium',
  ' .',
  '   * Initial release.',
  'Checksums-Sha1:',
  ...['hello-lab_1.0-1_amd64.deb', 'hello-lab-data_1.0-1_all.deb', 'hello-lab_1.0-1_amd64.buildinfo'].map((file) => ` ${'5c1b1ab34f7ca3ad8a4c2b3b21ea0bd9bd5b8d5f'} 1234 ${file}`),
  'Checksums-Sha256:',
  ...['hello-lab_1.0-1_amd64.deb', 'hello-lab-data_1.0-1_all.deb', 'hello-lab_1.0-1_amd64.buildinfo'].map((file) => ` ${'0f7e8bba3e7d4b4d3c5a47e59c8b8a5a3c9e8e0a8c0f6a4d8b3b1c2d3e4f5a6b'} 1234 ${file}`),
  'Files:',
  ...['hello-lab_1.0-1_amd64.deb', 'hello-lab-data_1.0-1_all.deb', 'hello-lab_1.0-1_amd64.buildinfo'].map((file) => ` 0bd6a0cbb1b0e8b0a77d7cf0b5c1f1a2 1234 misc optional ${file}`),
  '',
].join('\n');

// A Release of one distribution with main/contrib/non-free, amd64/i386/source indices (about 4 kB).
const indices = ['main', 'contrib', 'non-free'].flatMap((component) =>
  ['binary-amd64/Packages', 'binary-amd64/Packages.xz', 'binary-i386/Packages', 'binary-i386/Packages.xz', 'source/Sources', 'source/Sources.xz'].map(
    (index) => `${component}/${index}`,
  ),
);
const release = [
  'Origin: mbd',
  'Label: mbd',
  'Suite: bookworm-test-unstable',
  'Codename: bookworm-test-unstable',
  'Date: Tue, 24 Nov 2026 10:00:00 UTC',
  'Architectures: amd64 i386 source',
  'Components: main contrib non-free',
  'MD5Sum:',
  ...indices.map((index) => ` 0bd6a0cbb1b0e8b0a77d7cf0b5c1f1a2 12345 ${index}`),
  'SHA256:',
  ...indices.map((index) => ` 0f7e8bba3e7d4b4d3c5a47e59c8b8a5a3c9e8e0a8c0f6a4d8b3b1c2d3e4f5a6b 12345 ${index}`),
  '',
].join('\n');

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

/** Milliseconds `count` awaited calls of `fn` take. */
async function timeOf(count: number, fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < count; i++) await fn();
  return performance.now() - start;
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const home = await GnupgHome.create();
  try {
    for (const algorithm of ['ed25519', 'rsa3072'] as const) {
      const fingerprint = await home.generateKey(`Bench ${algorithm} <${algorithm}@example.invalid>`, algorithm);
      const keyring = await Keyring.fromBinary(await home.exportBinary(fingerprint));
      const signed = await home.clearsign(changes, fingerprint);
      await verifyClearsigned(signed, keyring); // a failure here fails the bench rather than timing errors
      // The floor: what openpgp itself does for one clearsigned text, with the keyring's key objects.
      const rawVerify = async () => {
        const message = await readCleartextMessage({ cleartextMessage: signed });
        await verify({ message, verificationKeys: keyring.keys, expectSigned: true });
      };
      const mbdVerify = () => verifyClearsigned(signed, keyring);
      // Both warmed up (the JIT, openpgp's cached key self-signatures), then timed in short turns, each first every other turn.
      await timeOf(verificationsPerRun / 3, mbdVerify);
      await timeOf(verificationsPerRun / 3, rawVerify);
      const mbd: number[] = [];
      const floor: number[] = [];
      for (let run = 0; run < runs; run++) {
        // Turns of `turn` verifications each, so that both see the same load on a busy machine.
        let mbdMs = 0;
        let floorMs = 0;
        for (let done = 0; done < verificationsPerRun; done += turn) {
          if (done % (2 * turn) === 0) floorMs += await timeOf(turn, rawVerify);
          mbdMs += await timeOf(turn, mbdVerify);
          if (done % (2 * turn) !== 0) floorMs += await timeOf(turn, rawVerify);
        }
        mbd.push(mbdMs);
        floor.push(floorMs);
      }
      results.push({
        name: `verify clearsigned .changes (gpg ${algorithm} key)`,
        value: perSecond(verificationsPerRun, median(mbd)),
        unit: '.changes/s',
        note: `${changes.length} B, one core, median of ${runs} runs of ${verificationsPerRun}`,
        floor: { name: 'openpgp readCleartextMessage + verify, same run', value: perSecond(verificationsPerRun, median(floor)) },
        goal: { of: 'ratio', atLeast: 0.8 },
      });
    }
  } finally {
    await home.remove();
  }

  const { privateKey } = await generateKey({ userIDs: [{ name: 'mbd archive key (bench)' }], subkeys: [], format: 'object' });
  const key = await ArchiveKey.fromPrivateKey(privateKey);
  const ms = await medianMs(runs, async () => {
    for (let i = 0; i < signaturesPerRun; i++) await key.signInRelease(release);
  });
  results.push({
    name: 'sign InRelease (archive key, ed25519)',
    value: perSecond(signaturesPerRun, ms),
    unit: 'InRelease/s',
    note: `${release.length} B Release, median of ${runs} runs of ${signaturesPerRun}`,
  });
  return results;
}
