import { buildDecider, uploadDecider } from '@mbd/archive';
import { MBD_CONFIG, type MbdConfig } from '@mbd/config';
import { PackagePorted, distributionStream, handleCommand, reactionClaimStream, uploadStream, type FileRef, type RecordedEvent } from '@mbd/events';
import { HttpUploadReceiver } from '@mbd/incoming';
import { ProjectionsService } from '@mbd/projections';
import { execa } from 'execa';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCommandsService } from '../installing/archive-commands.service.js';
import { InstallProcessManager } from '../installing/install.process-manager.js';
import { OwnUploads } from '../own-uploads/own-uploads.js';
import { PackagerReactor } from '../packager/packager.reactor.js';
import { PorterReactor } from '../porting/porter.reactor.js';
import { UNSTABLE, WorkflowHarness } from '../testing/workflow-harness.js';
import { claimReaction } from './claim-reaction.js';
import { daemonCommandMetadata } from './command-metadata.js';

/** Incoming's HTTP receiver as the porter sees it: keeps each delivered file. */
class KeepingReceiver {
  readonly delivered: { name: string; bytes: Buffer }[] = [];
  async receive(name: string, body: Readable): Promise<void> {
    this.delivered.push({ name, bytes: await buffer(body) });
  }
}

/**
 * Two daemons following one event store, as two sets of followers reacting to the same events at the
 * same moment (what two daemons' followers do when they share a PostgreSQL store): what must happen
 * once happens once, decided by the store's expected-version append.
 */
describe('several daemons on one event store', () => {
  let harness: WorkflowHarness;
  let receiver: KeepingReceiver;
  let config: MbdConfig;

  beforeAll(async () => {
    receiver = new KeepingReceiver();
    harness = await WorkflowHarness.create('daemons', [PackagerReactor, InstallProcessManager, PorterReactor, OwnUploads], [{ provide: HttpUploadReceiver, useValue: receiver }]);
    config = harness.app.get<MbdConfig>(MBD_CONFIG);
  });
  afterAll(async () => {
    await harness?.close();
  });

  /** The second daemon's reactor of the same kind: its own name, the same store, blob store and read models. */
  const porterOf = (daemonName: string) =>
    new PorterReactor({ ...config, daemonName }, harness.store, harness.blobs, harness.get(ProjectionsService), harness.get(ArchiveCommandsService), harness.get(OwnUploads));

  it('lets exactly one daemon claim an event; a restart of that daemon finds the claim its own, the other never', async () => {
    const [event] = (await harness.store.readAll({ limit: 1 })) as RecordedEvent[];
    const claims = await Promise.all([claimReaction(harness.store, 'porter', event!, 'build-a'), claimReaction(harness.store, 'porter', event!, 'build-b')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const stored = await harness.events(reactionClaimStream('porter', event!.position));
    expect(stored.map((claim) => claim.type)).toEqual(['ReactionClaimed']);
    const winner = (stored[0]!.data as { claimedBy: string }).claimedBy;
    const loser = winner === 'build-a' ? 'build-b' : 'build-a';
    expect(await claimReaction(harness.store, 'porter', event!, winner)).toBe(true);
    expect(await claimReaction(harness.store, 'porter', event!, loser)).toBe(false);
    expect(await harness.events(reactionClaimStream('porter', event!.position))).toHaveLength(1);
  });

  it('installs an upload once when both daemons react to its last build at once: one PackageInstalled, no refusal, the upload not failed', async () => {
    const pkg = await harness.sourcePackage('twice', '1.0-1~test12+1');
    await harness.get(PackagerReactor).handle(await harness.receive(await harness.received('u-twice', pkg.source, pkg.version, [pkg.dsc, pkg.orig, pkg.debian])));
    const deb = await harness.put(`twice_${pkg.version}_amd64.deb`, 'the .deb of twice');
    const changes = await harness.put(`twice_${pkg.version}_amd64.changes`, 'changes of the build of twice');
    const log = await harness.put(`twice_${pkg.version}_amd64.build`, 'Status: successful\n');
    await handleCommand(harness.store, uploadStream('u-twice'), buildDecider, {
      type: 'RecordBuildSuccess',
      data: { buildId: 'u-twice-amd64-1', architecture: 'amd64', files: [changes, deb], log, seconds: 3 },
      metadata: daemonCommandMetadata('u-twice'),
    });
    const { events } = await handleCommand(harness.store, uploadStream('u-twice'), uploadDecider, {
      type: 'RecordSourceLintian',
      data: { lintian: { errors: 0, warnings: 0, tags: [] } },
      metadata: daemonCommandMetadata('u-twice'),
    });
    await harness.settle();
    const first = harness.get(InstallProcessManager);
    const second = new InstallProcessManager(harness.store, harness.get(ArchiveCommandsService));
    await Promise.all([first.handle(events[0]!), second.handle(events[0]!)]);

    const decided = (await harness.events(distributionStream('bookworm', 'test', 'unstable'))).filter((event) => event.metadata.correlationId === 'u-twice');
    expect(decided.map((event) => event.type)).toEqual(['PackageInstalled']);
    expect((await harness.uploadEvents('u-twice')).map((event) => event.type)).not.toContain('UploadFailed');
  });

  it('makes the upload of a port once when both daemons react to its PackagePorted at once', async () => {
    const out = await mkdtemp(join(tmpdir(), 'mbd-daemons-src-'));
    await execa(resolve('test/packages/build-source.sh'), ['mbd-test-all', out]);
    const files: FileRef[] = [];
    for (const name of ['mbd-test-all_1.0~test12+1.dsc', 'mbd-test-all_1.0~test12+1.tar.xz']) files.push({ name, ...(await harness.blobs.putFile(join(out, name))) });
    const ported = PackagePorted.create(
      { from: UNSTABLE, to: UNSTABLE, kind: 'internal', source: 'mbd-test-all', fromVersion: '1.0~test12+1', version: '1.0~test12+1+rebuilt20261201000000', files },
      { actor: { kind: 'user', name: 'admin' }, correlationId: 'port-twice', occurredAt: new Date().toISOString() },
    );
    const [event] = (await harness.store.append(distributionStream('bookworm', 'test', 'unstable'), [ported], 'any')).events;
    await harness.settle();

    await Promise.all([porterOf('build-a').handle(event!), porterOf('build-b').handle(event!)]);
    expect(receiver.delivered.map((file) => file.name)).toEqual([
      'mbd-test-all_1.0~test12+1+rebuilt20261201000000.dsc',
      'mbd-test-all_1.0~test12+1+rebuilt20261201000000.tar.xz',
      'mbd-test-all_1.0~test12+1+rebuilt20261201000000_source.changes',
    ]);
    expect((await harness.events(reactionClaimStream('porter', event!.position))).map((claim) => claim.data)).toEqual([
      expect.objectContaining({ follower: 'porter', position: event!.position, eventType: 'PackagePorted' }),
    ]);
  });
});
