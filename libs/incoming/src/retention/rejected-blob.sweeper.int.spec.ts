import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageInstalled, SqliteEventStore, UploadReceived, UploadRejected, distributionStream, uploadStream, type Event, type FileRef } from '@mbd/events';
import { FsBlobStore } from '@mbd/repository';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RejectedBlobSweeper } from './rejected-blob.sweeper.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const daysAgo = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();
const metadata = (uploadId: string, days: number) => ({ actor: { kind: 'daemon' as const }, correlationId: uploadId, occurredAt: daysAgo(days) });

describe('RejectedBlobSweeper (SQLite event store, file-system blob store)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let blobs: FsBlobStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-sweeper-'));
    events = await SqliteEventStore.open(join(dir, 'events.sqlite'));
    blobs = new FsBlobStore(join(dir, 'blobs'));
  });
  afterEach(async () => {
    await events.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Stores a blob and makes it look stored two hours ago (before the sweeper's put grace). */
  const blob = async (name: string): Promise<FileRef> => {
    const ref = await blobs.putBuffer(Buffer.from(`bytes of ${name}`));
    const then = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(blobs.pathOf(ref.sha256), then, then);
    return { name, ...ref };
  };

  const received = (uploadId: string, changes: FileRef, files: FileRef[], days: number): Event =>
    UploadReceived.create(
      {
        uploadId,
        changes,
        files,
        source: 'hello',
        version: '1.0',
        distribution: 'bookworm-test-unstable',
        architectures: ['source'],
        changedBy: 'Sweeper Test <sweeper@example.invalid>',
        signedBy: null,
        via: 'ftp',
      },
      metadata(uploadId, days),
    );
  const rejected = (uploadId: string, days: number): Event => UploadRejected.create({ uploadId, reasons: ['not signed'] }, metadata(uploadId, days));

  it('removes the blobs only expired rejected uploads refer to; shared, recent and just re-put blobs and every event stay', async () => {
    const old = { changes: await blob('old.changes'), only: await blob('old.dsc'), installed: await blob('shared-installed.tar.xz'), recent: await blob('shared-recent.tar.xz'), reput: await blob('reput.tar.xz') };
    const recentOnly = await blob('recent.dsc');
    await events.append(uploadStream('old'), [received('old', old.changes, [old.only, old.installed, old.recent, old.reput], 10), rejected('old', 8)], 'no-stream');
    await events.append(uploadStream('recent'), [received('recent', await blob('recent.changes'), [old.recent, recentOnly], 2), rejected('recent', 1)], 'no-stream');
    await events.append(uploadStream('unparseable'), [rejected('unparseable', 30)], 'no-stream');
    await events.append(
      distributionStream('bookworm', 'test', 'unstable'),
      [PackageInstalled.create({ distribution: 'bookworm-test-unstable', source: 'other', version: '2.0', files: [old.installed], binaries: [] }, metadata('installed', 9))],
      'no-stream',
    );
    const head = await events.headPosition();
    await blobs.putBuffer(Buffer.from('bytes of reput.tar.xz'));

    const sweeper = new RejectedBlobSweeper({ retentionMs: 7 * DAY_MS }, events, blobs);
    expect(await sweeper.sweep()).toEqual({ expiredUploads: 2, removed: 2, shared: 2 });

    expect(await blobs.has(old.changes.sha256)).toBe(false);
    expect(await blobs.has(old.only.sha256)).toBe(false);
    for (const kept of [old.installed, old.recent, old.reput, recentOnly]) expect(await blobs.has(kept.sha256), kept.name).toBe(true);
    expect(await events.headPosition()).toBe(head);
    expect((await events.readStream(uploadStream('old'))).map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected']);

    expect(await sweeper.sweep()).toEqual({ expiredUploads: 2, removed: 0, shared: 2 });
  });

  it('sweeps at start-up by itself, and again after the interval once a rejection has aged', async () => {
    const changes = await blob('a.changes');
    await events.append(uploadStream('a'), [received('a', changes, [], 9), rejected('a', 8)], 'no-stream');
    let now = new Date();
    const sweeper = new RejectedBlobSweeper({ retentionMs: 7 * DAY_MS, intervalMs: 100, now: () => now }, events, blobs);
    const later = await blob('b.changes');
    await events.append(uploadStream('b'), [received('b', later, [], 6), rejected('b', 6)], 'no-stream');
    sweeper.start();
    try {
      await expect.poll(() => blobs.has(changes.sha256), { timeout: 5_000 }).toBe(false);
      expect(await blobs.has(later.sha256)).toBe(true);
      now = new Date(Date.now() + 2 * DAY_MS);
      await expect.poll(() => blobs.has(later.sha256), { timeout: 5_000 }).toBe(false);
    } finally {
      await sweeper.stop();
    }
  });
});
