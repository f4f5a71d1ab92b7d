import { formatVersion, parseChanges, parseChangelog } from '@mbd/debian';
import { PackageInstalled, PackagePorted, UploadAccepted, distributionStream, uploadStream, type FileRef, type RecordedEvent } from '@mbd/events';
import { Keyring, verifyClearsigned } from '@mbd/gpg';
import { HttpUploadReceiver } from '@mbd/incoming';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnUploads } from '../own-uploads/own-uploads.js';
import { UNSTABLE, WorkflowHarness } from '../testing/workflow-harness.js';
import { PorterReactor } from './porter.reactor.js';

const EXPERIMENTAL = 'bookworm-test-experimental';

/** Incoming's HTTP receiver as the porter sees it: keeps each delivered file, in order. */
class KeepingReceiver {
  readonly delivered: { name: string; bytes: Buffer }[] = [];
  async receive(name: string, body: Readable): Promise<void> {
    this.delivered.push({ name, bytes: await buffer(body) });
  }
}

describe('PorterReactor', () => {
  let harness: WorkflowHarness;
  let porter: PorterReactor;
  let receiver: KeepingReceiver;
  let files: FileRef[];

  beforeAll(async () => {
    receiver = new KeepingReceiver();
    harness = await WorkflowHarness.create('porter', [PorterReactor, OwnUploads], [{ provide: HttpUploadReceiver, useValue: receiver }]);
    porter = harness.get(PorterReactor);
    const out = await mkdtemp(join(tmpdir(), 'mbd-porter-src-'));
    await execa(resolve('test/packages/build-source.sh'), ['mbd-test-all', out]);
    files = [];
    for (const name of ['mbd-test-all_1.0~test12+1.dsc', 'mbd-test-all_1.0~test12+1.tar.xz']) files.push({ name, ...(await harness.blobs.putFile(join(out, name))) });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const ported = async (data: Partial<PackagePorted['data']> = {}): Promise<RecordedEvent> => {
    const event = PackagePorted.create(
      { from: UNSTABLE, to: UNSTABLE, kind: 'internal', source: 'mbd-test-all', fromVersion: '1.0~test12+1', version: '1.0~test12+1+rebuilt20261130120000', files, ...data },
      { actor: { kind: 'user', name: 'admin' }, correlationId: 'port-1', occurredAt: new Date().toISOString() },
    );
    const { events } = await harness.store.append(distributionStream('bookworm', 'test', 'unstable'), [event], 'any');
    return events[0]!;
  };

  it('makes a rebuild: the origin unpacked, a dch entry with the options, signed by the archive key, the .changes last', async () => {
    const event = await ported({ options: ['lintian-mode=warnfail'] });
    expect(porter.accepts(event)).toBe(true);
    await porter.handle(event);
    expect(receiver.delivered.map((file) => file.name)).toEqual([
      'mbd-test-all_1.0~test12+1+rebuilt20261130120000.dsc',
      'mbd-test-all_1.0~test12+1+rebuilt20261130120000.tar.xz',
      'mbd-test-all_1.0~test12+1+rebuilt20261130120000_source.changes',
    ]);
    const changesText = receiver.delivered[2]!.bytes.toString('utf8');
    const keyring = await Keyring.fromArmored(harness.archiveKey.publicArmored);
    expect((await verifyClearsigned(changesText, keyring)).fingerprint).toBe(harness.archiveKey.fingerprint);
    const changes = parseChanges(changesText);
    expect(changes.distributions).toEqual([UNSTABLE]);
    expect(changes.changes).toContain('Rebuild via mbd (no changes).');
    expect(changes.changes).toContain('MINI_BUILDD_OPTION: lintian-mode=warnfail');
    expect(changes.paragraph.get('X-Mbd-Ported-From')).toBe(`${UNSTABLE} 1.0~test12+1 (PackagePorted at position ${event.position})`);

    // The tarball carries the new changelog entry above the original one.
    const work = await mkdtemp(join(tmpdir(), 'mbd-porter-check-'));
    for (const file of receiver.delivered) await writeFile(join(work, file.name), file.bytes);
    await mkdir(join(work, 'x'));
    await execa('dpkg-source', ['--no-check', '-x', 'mbd-test-all_1.0~test12+1+rebuilt20261130120000.dsc', join(work, 'x', 'tree')], { cwd: work });
    const entries = parseChangelog(await readFile(join(work, 'x', 'tree', 'debian', 'changelog')));
    expect(entries.map((entry) => formatVersion(entry.version))).toEqual(['1.0~test12+1+rebuilt20261130120000', '1.0~test12+1']);
  });

  it('does not feed a port again once its upload was received (a replay after a restart)', async () => {
    const event = await ported();
    const delivered = receiver.delivered.length;
    const changes = receiver.delivered.at(-1)!;
    const changesRef = { name: changes.name, ...(await harness.blobs.putBuffer(changes.bytes)) };
    await harness.receive(await harness.received('port-upload', 'mbd-test-all', '1.0~test12+1+rebuilt20261130120000', files, changesRef));
    await harness.settle();
    await porter.handle(event);
    expect(receiver.delivered).toHaveLength(delivered);
  });

  it('fails with the reason when the port names no .dsc (its follower parks it)', async () => {
    const event = await ported({ files: undefined, version: '1.0~test12+1+rebuilt20261130130000' });
    await expect(porter.handle(event)).rejects.toThrow(/names no \.dsc/);
  });

  it('issues the auto-ports an installed upload names, once', async () => {
    const metadata = { actor: { kind: 'daemon' as const }, correlationId: 'auto-upload', occurredAt: new Date().toISOString() };
    await harness.store.append(
      uploadStream('auto-upload'),
      [
        UploadAccepted.create(
          {
            uploadId: 'auto-upload',
            source: 'mbd-test-all',
            version: '1.0~test12+1',
            distribution: UNSTABLE,
            codename: 'bookworm',
            repository: 'test',
            suite: 'unstable',
            buildArchitectures: ['amd64'],
            archAllOn: 'amd64',
            options: [{ key: 'auto-ports', value: EXPERIMENTAL }],
          },
          metadata,
        ),
      ],
      'any',
    );
    const { events } = await harness.store.append(
      distributionStream('bookworm', 'test', 'unstable'),
      [PackageInstalled.create({ distribution: UNSTABLE, source: 'mbd-test-all', version: '1.0~test12+1', uploadId: 'auto-upload', files, binaries: [] }, metadata)],
      'any',
    );
    const installed = events[0]!;
    expect(porter.accepts(installed)).toBe(true);
    await porter.handle(installed);
    await porter.handle(installed);
    const ports = (await harness.events(distributionStream('bookworm', 'test', 'experimental'))).filter((event) => PackagePorted.is(event));
    expect(ports).toHaveLength(1);
    expect(ports[0]!.data).toMatchObject({ from: UNSTABLE, to: EXPERIMENTAL, fromVersion: '1.0~test12+1', files: [{ name: 'mbd-test-all_1.0~test12+1.dsc' }, { name: 'mbd-test-all_1.0~test12+1.tar.xz' }] });
    expect(ports[0]!.metadata).toMatchObject({ actor: { kind: 'daemon' }, correlationId: 'auto-upload', causationId: installed.id });
  });
});
