import { afterEach, describe, expect, it } from 'vitest';
import { listRollbackHistory } from '../rollback-history/rollback-history.queries.js';
import { rollbackHistoryProjection } from '../rollback-history/rollback-history.projection.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { ArchiveEvents } from '../testing/archive-events.fixture.js';
import { openTestReadModels, readModelKinds, type TestReadModels } from '../testing/read-models.fixture.js';
import { ReplayingEventStore } from '../testing/replaying-event-store.fixture.js';
import { repositoryStateProjection } from './repository-state.projection.js';
import { listRepositoryState } from './repository-state.queries.js';

const unstable = 'bookworm-test-unstable';
const testing = 'bookworm-test-testing';
const key = 'B'.repeat(40);

/** hello 1.0-1 … 1.3-1 through unstable (2 rollbacks) and testing, with a removal and a restore. */
const history = () =>
  new ArchiveEvents()
    .received('u1', 'hello', '1.0-1', key)
    .installed(unstable, 'hello', '1.0-1', 'u1')
    .migrated(unstable, testing, 'hello', '1.0-1')
    .rotated(unstable, 'hello', ['1.0-1'])
    .installed(unstable, 'hello', '1.1-1', 'u2')
    .rotated(unstable, 'hello', ['1.1-1', '1.0-1'])
    .installed(unstable, 'hello', '1.2-1', 'u3')
    .rotated(unstable, 'hello', ['1.2-1', '1.1-1'], ['1.0-1'])
    .installed(unstable, 'hello', '1.3-1', 'u4')
    .removedFromRollback(unstable, 'hello', '1.2-1', 0, ['1.1-1'])
    .rotated(testing, 'hello', ['1.0-1'])
    .removed(testing, 'hello', '1.0-1')
    .restored(testing, 'hello', '1.0-1', 0)
    .installed(unstable, 'other', '2.0-1');

describe.each(readModelKinds)('repository state and rollback history on $kind', ({ kind, skip }) => {
  let models: TestReadModels | undefined;
  let runner: ProjectionRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    await models?.dispose();
  });

  it.skipIf(skip)('hold what each distribution and rollback contains, from which upload, and the same after a rebuild', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    for (const { streamId, event } of history().appended) await store.append(streamId, [event], 'any');
    runner = new ProjectionRunner(models.dataSource, store, [repositoryStateProjection, rollbackHistoryProjection]);
    await runner.start();
    await runner.waitForPosition(store.events.length);

    const state = await runner.read((manager) => listRepositoryState(manager));
    const binaries = (version: string) => [
      { package: 'hello', architecture: 'amd64', version },
      { package: 'hello-doc', architecture: 'all', version },
    ];
    expect(state.map(({ distribution, source, version, uploadId, binaries: b }) => ({ distribution, source, version, uploadId, binaries: b }))).toEqual([
      { distribution: testing, source: 'hello', version: '1.0-1', uploadId: 'u1', binaries: binaries('1.0-1') },
      { distribution: `${testing}-rollback0`, source: 'hello', version: '1.0-1', uploadId: 'u1', binaries: binaries('1.0-1') },
      { distribution: unstable, source: 'hello', version: '1.3-1', uploadId: 'u4', binaries: binaries('1.3-1') },
      { distribution: unstable, source: 'other', version: '2.0-1', uploadId: null, binaries: [
        { package: 'other', architecture: 'amd64', version: '2.0-1' },
        { package: 'other-doc', architecture: 'all', version: '2.0-1' },
      ] },
      { distribution: `${unstable}-rollback0`, source: 'hello', version: '1.1-1', uploadId: 'u2', binaries: binaries('1.1-1') },
    ].sort((a, b) => a.distribution.localeCompare(b.distribution) || a.source.localeCompare(b.source)));
    const amd64Only = await runner.read((manager) => listRepositoryState(manager, { distribution: unstable, source: 'hello', architecture: 'i386' }));
    expect(amd64Only).toMatchObject([{ version: '1.3-1', binaries: [{ package: 'hello-doc', architecture: 'all' }] }]);

    const steps = await runner.read((manager) => listRollbackHistory(manager, { distribution: unstable, source: 'hello' }));
    expect(steps.map(({ action, version, rollback, rollbacks }) => ({ action, version, rollback, rollbacks }))).toEqual([
      { action: 'rotated', version: '1.0-1', rollback: 0, rollbacks: ['1.0-1'] },
      { action: 'rotated', version: '1.1-1', rollback: 0, rollbacks: ['1.1-1', '1.0-1'] },
      { action: 'rotated', version: '1.2-1', rollback: 0, rollbacks: ['1.2-1', '1.1-1'] },
      { action: 'dropped', version: '1.0-1', rollback: null, rollbacks: ['1.2-1', '1.1-1'] },
      { action: 'removed', version: '1.2-1', rollback: 0, rollbacks: ['1.1-1'] },
    ]);
    const testingSteps = await runner.read((manager) => listRollbackHistory(manager, { distribution: testing }));
    expect(testingSteps.map(({ action, actor }) => ({ action, actor }))).toEqual([
      { action: 'rotated', actor: 'daemon' },
      { action: 'restored', actor: 'user:admin' },
    ]);

    const allSteps = await runner.read((manager) => listRollbackHistory(manager));
    await runner.rebuild();
    expect(await runner.read((manager) => listRepositoryState(manager))).toEqual(state);
    expect(await runner.read((manager) => listRollbackHistory(manager))).toEqual(allSteps);
  });
});
