import { foldEvents } from '@mbd/archive';
import { BuildCancelled, BuildRequested, BuildStarted, UploadAccepted, UploadReceived, type UploadEvent } from '@mbd/events';
import type { BuildQueueItem } from '@mbd/projections';
import { describe, expect, it } from 'vitest';
import { interruptedBuildsOf } from './interrupted-builds.js';
import { requeueDecider, type RequeueBuild } from './requeue.decider.js';

const item = (buildId: string, state: BuildQueueItem['state'], builder: string | null): BuildQueueItem =>
  ({ buildId, state, builder, uploadId: buildId.split('-')[0]!, architecture: 'amd64', source: 'hello', version: '1.0-1', distribution: 'bookworm-test-unstable' }) as BuildQueueItem;

describe('interruptedBuildsOf', () => {
  const queue = [
    item('u1-amd64-1', 'building', 'local@build-a'),
    item('u2-amd64-1', 'building', 'local@build-b'),
    item('u3-amd64-1', 'building', 'remote-1'),
    item('u4-amd64-1', 'needs-build', null),
    item('u5-amd64-1', 'built', 'local@build-a'),
    item('u6-amd64-1', 'building', 'local'),
  ];

  it("is this daemon's own running builds only: not another daemon's, not a remote builder's, not waiting or finished ones", () => {
    expect(interruptedBuildsOf(queue, 'local@build-a').map((build) => build.buildId)).toEqual(['u1-amd64-1', 'u6-amd64-1']);
    expect(interruptedBuildsOf(queue, 'local@build-b').map((build) => build.buildId)).toEqual(['u2-amd64-1', 'u6-amd64-1']);
  });
});

describe('requeueDecider with the build it re-queues', () => {
  const metadata = { actor: { kind: 'daemon' as const }, correlationId: 'u1', occurredAt: '2026-12-01T00:00:00.000Z' };
  const commandMetadata = { actor: { kind: 'daemon' as const }, correlationId: 'u1', now: '2026-12-01T00:00:00.000Z' };
  const common = { uploadId: 'u1', source: 'hello', version: '1.0-1', distribution: 'bookworm-test-unstable' };
  const file = (name: string) => ({ name, sha256: 'a'.repeat(64), size: 1 });
  const accepted: UploadEvent[] = [
    UploadReceived.create({ ...common, changes: file('hello.changes'), files: [file('hello_1.0-1.dsc')], architectures: ['source'], changedBy: 'J <j@x>', signedBy: null, via: 'ftp' }, metadata),
    UploadAccepted.create({ ...common, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64' }, metadata),
    BuildRequested.create({ ...common, buildId: 'u1-amd64-1', architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, metadata),
    BuildStarted.create({ buildId: 'u1-amd64-1', architecture: 'amd64', builder: 'local@build-a', chroot: 'bookworm-amd64' }, metadata),
  ];
  const requeue: RequeueBuild = {
    type: 'RequeueBuild',
    buildId: 'u1-amd64-1',
    cancel: { type: 'CancelBuild', data: { architecture: 'amd64', reason: 'interrupted by a restart of local@build-a' }, metadata: commandMetadata },
    retry: { type: 'RetryBuild', data: { architecture: 'amd64' }, metadata: commandMetadata },
  };
  const decide = (events: UploadEvent[]) => [requeueDecider.decide(requeue, foldEvents(requeueDecider, events))].flat();

  it('cancels the interrupted build and requests its next attempt in one decision', () => {
    expect(decide(accepted).map((event) => [event.type, (event.data as { buildId: string }).buildId])).toEqual([
      ['BuildCancelled', 'u1-amd64-1'],
      ['BuildRequested', 'u1-amd64-2'],
    ]);
  });

  it('does nothing once the build was re-queued already (by another daemon or a timeout): no second attempt', () => {
    const requeued = [...accepted, ...(decide(accepted) as UploadEvent[])];
    expect(decide(requeued)).toEqual([]);
    expect(decide([...accepted, BuildCancelled.create({ buildId: 'u1-amd64-1', architecture: 'amd64', reason: 'cancelled' }, metadata)])).toEqual([]);
  });
});
