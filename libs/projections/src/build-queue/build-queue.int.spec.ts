import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { ArchiveEvents } from '../testing/archive-events.fixture.js';
import { openTestReadModels, readModelKinds, type TestReadModels } from '../testing/read-models.fixture.js';
import { ReplayingEventStore } from '../testing/replaying-event-store.fixture.js';
import { buildQueueProjection } from './build-queue.projection.js';
import { listBuildQueue } from './build-queue.queries.js';

const alice = 'A'.repeat(40);
const bob = 'B'.repeat(40);

/** Alice uploads five sources at once, then Bob and Carl one each; some builds run, finish, fail, wait or are cancelled. */
const day = () =>
  new ArchiveEvents()
    .received('a1', 'alpha', '1-1', alice).requested('a1', 'a1-amd64', 'alpha', '1-1').requested('a1', 'a1-i386', 'alpha', '1-1', 'i386')
    .received('a2', 'beta', '1-1', alice).requested('a2', 'a2-amd64', 'beta', '1-1')
    .received('a3', 'gamma', '1-1', alice).requested('a3', 'a3-amd64', 'gamma', '1-1')
    .received('a4', 'delta', '1-1', alice).requested('a4', 'a4-amd64', 'delta', '1-1')
    .received('a5', 'epsilon', '1-1', alice).requested('a5', 'a5-amd64', 'epsilon', '1-1')
    .received('b1', 'hello', '2-1', bob).requested('b1', 'b1-amd64', 'hello', '2-1')
    .received('c1', 'unsigned', '1-1', null, 'Carl <carl@example.org>').requested('c1', 'c1-amd64', 'unsigned', '1-1')
    .started('a1', 'a1-amd64')
    .started('a1', 'a1-i386', 'i386').failed('a1', 'a1-i386', 'given-back', 'build dependencies not installable: libfoo-dev', 'i386')
    .requested('a1', 'a1-i386-2', 'alpha', '1-1', 'i386', 2)
    .started('a4', 'a4-amd64').succeeded('a4', 'a4-amd64')
    .cancelled('a5', 'a5-amd64', 'cancelled by admin')
    // a late result for a cancelled build changes nothing
    .failed('a5', 'a5-amd64', 'failed', 'late');

describe.each(readModelKinds)('the build queue on $kind', ({ kind, skip }) => {
  let models: TestReadModels | undefined;
  let runner: ProjectionRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    await models?.dispose();
  });

  it.skipIf(skip)('lists running, waiting (in fair order), dep-wait and finished builds, the same after a rebuild', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    for (const { streamId, event } of day().appended) await store.append(streamId, [event], 'any');
    runner = new ProjectionRunner(models.dataSource, store, [buildQueueProjection], { batchSize: 7 });
    await runner.start();
    await runner.waitForPosition(store.events.length);

    const queue = await runner.read((manager) => listBuildQueue(manager));
    expect(queue.map(({ buildId, state, queuePosition, uploader, attempt }) => ({ buildId, state, queuePosition, uploader, attempt }))).toEqual([
      { buildId: 'a1-amd64', state: 'building', queuePosition: null, uploader: `key:${alice}`, attempt: 1 },
      // round 1: the oldest waiting build of each uploader (Alice, Bob, Carl); then Alice's next ones
      { buildId: 'a2-amd64', state: 'needs-build', queuePosition: 1, uploader: `key:${alice}`, attempt: 1 },
      { buildId: 'b1-amd64', state: 'needs-build', queuePosition: 2, uploader: `key:${bob}`, attempt: 1 },
      { buildId: 'c1-amd64', state: 'needs-build', queuePosition: 3, uploader: 'Carl <carl@example.org>', attempt: 1 },
      { buildId: 'a3-amd64', state: 'needs-build', queuePosition: 4, uploader: `key:${alice}`, attempt: 1 },
      { buildId: 'a1-i386-2', state: 'needs-build', queuePosition: 5, uploader: `key:${alice}`, attempt: 2 },
      { buildId: 'a1-i386', state: 'dep-wait', queuePosition: null, uploader: `key:${alice}`, attempt: 1 },
      { buildId: 'a5-amd64', state: 'cancelled', queuePosition: null, uploader: `key:${alice}`, attempt: 1 },
      { buildId: 'a4-amd64', state: 'built', queuePosition: null, uploader: `key:${alice}`, attempt: 1 },
    ]);
    const building = queue[0]!;
    expect(building).toMatchObject({ source: 'alpha', version: '1-1', distribution: 'bookworm-test-unstable', architecture: 'amd64', archAll: true, builder: 'local', finishedAt: null });
    expect(building.startedAt! > building.requestedAt).toBe(true);
    expect(queue.find((b) => b.buildId === 'a1-i386')).toMatchObject({ reason: 'build dependencies not installable: libfoo-dev', archAll: false });
    expect(queue.find((b) => b.buildId === 'a5-amd64')).toMatchObject({ reason: 'cancelled by admin' });

    const i386 = await runner.read((manager) => listBuildQueue(manager, { architecture: 'i386' }));
    expect(i386.map((b) => [b.buildId, b.queuePosition])).toEqual([['a1-i386-2', 1], ['a1-i386', null]]);

    await runner.rebuild('build-queue');
    expect(await runner.read((manager) => listBuildQueue(manager))).toEqual(queue);
  });
});
