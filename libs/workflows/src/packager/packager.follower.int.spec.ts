import { FileCheckpoint, type LogFollower, followerStream, type RecordedEvent } from '@mbd/events';
import { reactorFollower } from '../support/reactor-follower.js';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowHarness } from '../testing/workflow-harness.js';
import { PackagerReactor } from './packager.reactor.js';

/**
 * The packager as the daemon runs it: a LogFollower with a file checkpoint around the PackagerReactor,
 * wired as WorkflowsModule wires it (accepts, handle one by one, giveUp), with short retry delays.
 */
const packagerFollower = (harness: WorkflowHarness, packager: PackagerReactor, checkpoint: string): LogFollower =>
  reactorFollower(harness.store, 'packager', packager, new FileCheckpoint(checkpoint), { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 });

describe('the packager follower (LogFollower + PackagerReactor, SQLite event store, blob store, real gpg)', () => {
  let harness: WorkflowHarness;
  let packager: PackagerReactor;
  let checkpoint: string;

  beforeAll(async () => {
    harness = await WorkflowHarness.create('packager-follower', [PackagerReactor]);
    packager = harness.get(PackagerReactor);
    checkpoint = join(harness.dataDir, 'checkpoints', 'packager.json');
  });

  afterAll(async () => {
    await harness?.close();
  });

  const types = async (uploadId: string): Promise<string[]> => (await harness.uploadEvents(uploadId)).map((event) => event.type);

  it('rejects and parks an upload it cannot review, rejects a malformed one, and goes on to review the good one after them', async () => {
    const follower = packagerFollower(harness, packager, checkpoint);
    await follower.start();
    try {
      // A poison upload: its .changes is not in the blob store, so reading it fails every time.
      const poisonPkg = await harness.sourcePackage('poison', '1.0-1~test12+1');
      const missing = createHash('sha256').update('a .changes that was never stored').digest('hex');
      const poison = await harness.receive(
        await harness.received('u-poison', 'poison', poisonPkg.version, [poisonPkg.dsc, poisonPkg.orig, poisonPkg.debian], {
          name: 'poison_1.0-1~test12+1_source.changes',
          sha256: missing,
          size: 1234,
        }),
      );
      // A malformed .dsc: rejected by the review itself, nothing to park.
      const garbledPkg = await harness.sourcePackage('garbled', '1.0-1~test12+1', { dscText: 'Format: 3.0 (quilt)\nSource garbled\n' });
      await harness.receive(await harness.received('u-garbled', 'garbled', garbledPkg.version, [garbledPkg.dsc, garbledPkg.orig, garbledPkg.debian]));
      const goodPkg = await harness.sourcePackage('good', '1.0-1~test12+1');
      await harness.receive(await harness.received('u-good', 'good', goodPkg.version, [goodPkg.dsc, goodPkg.orig, goodPkg.debian]));

      await expect.poll(() => types('u-good'), { timeout: 30_000 }).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested']);
      await follower.caughtUp(await harness.store.headPosition());

      const poisonEvents = await harness.uploadEvents('u-poison');
      expect(poisonEvents.map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected']);
      const [reason] = (poisonEvents[1]!.data as { reasons: string[] }).reasons;
      expect(reason).toMatch(new RegExp(`^mbd could not review this upload: blob ${missing} is not in the blob store`));

      expect(await types('u-garbled')).toEqual(['UploadReceived', 'UploadRejected']);
      expect((await harness.uploadEvents('u-garbled'))[1]!.data).toMatchObject({ reasons: [expect.stringMatching(/^garbled_1\.0-1~test12\+1\.dsc: line 2: /)] });

      const parked = await harness.events(followerStream('packager'));
      expect(parked.map((event) => event.type)).toEqual(['EventParked']);
      expect(parked[0]!.data).toMatchObject({ follower: 'packager', position: poison.position, eventId: poison.id, eventType: 'UploadReceived', attempts: 2 });
      expect((parked[0]!.data as { reason: string }).reason).toContain(`blob ${missing} is not in the blob store`);

      // The good upload was reviewed after the poison one was given up, not blocked behind it.
      const accepted = (await harness.uploadEvents('u-good')).find((event) => event.type === 'UploadAccepted')!;
      expect(accepted.position).toBeGreaterThan(parked[0]!.position);

      const status = await follower.status();
      expect(status).toMatchObject({ name: 'packager', state: 'following', lag: 0, attempts: 0 });
      expect(status.lastError).toBeUndefined();
      expect(status.parked).toMatchObject([{ position: poison.position, eventType: 'UploadReceived' }]);
    } finally {
      await follower.stop();
    }
  });

  it('restarts from its durable checkpoint past the poison upload, with the parked upload still listed, and handles nothing again', async () => {
    const head = await harness.store.headPosition();
    expect(await new FileCheckpoint(checkpoint).read()).toBe(head);
    const before: RecordedEvent[] = await harness.store.readAll({ after: 0, limit: 10_000 });

    const restarted = packagerFollower(harness, packager, checkpoint);
    await restarted.start();
    try {
      const pkg = await harness.sourcePackage('later', '1.0-1~test12+1');
      await harness.receive(await harness.received('u-later', 'later', pkg.version, [pkg.dsc, pkg.orig, pkg.debian]));
      await expect.poll(() => types('u-later'), { timeout: 30_000 }).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested']);

      const after = await harness.store.readAll({ after: 0, limit: 10_000 });
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.slice(before.length).map((event) => event.streamId)).toEqual(['upload-u-later', 'upload-u-later', 'upload-u-later']);
      expect((await restarted.status()).parked.map((parked) => parked.eventType)).toEqual(['UploadReceived']);
    } finally {
      await restarted.stop();
    }
  });
});
