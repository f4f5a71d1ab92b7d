import { afterEach, describe, expect, it } from 'vitest';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { ArchiveEvents } from '../testing/archive-events.fixture.js';
import { openTestReadModels, readModelKinds, type TestReadModels } from '../testing/read-models.fixture.js';
import { ReplayingEventStore } from '../testing/replaying-event-store.fixture.js';
import { UploadEntry } from './upload-entry.entity.js';
import { uploadsProjection } from './uploads.projection.js';
import { getUpload, listUploads, uploadsQuery, type UploadsFilter } from './uploads.queries.js';

const alice = 'A'.repeat(40);
const bob = 'B'.repeat(40);
const unstable = 'bookworm-test-unstable';
const mainUnstable = 'bookworm-main-unstable';

/** A morning of uploads, their lifecycles interleaved as the daemon would write them. */
const morning = () =>
  new ArchiveEvents()
    .received('hello-1', 'hello', '1-1', alice)
    .received('other-2', 'other', '2-1', null, 'Carl <carl@example.org>', mainUnstable)
    .accepted('hello-1', 'hello', '1-1', unstable, ['amd64', 'i386'])
    .requested('hello-1', 'hello-1-amd64', 'hello', '1-1')
    .requested('hello-1', 'hello-1-i386', 'hello', '1-1', 'i386')
    .rejected('other-2', ['unsigned upload to a repository that needs signatures'], { source: 'other', version: '2-1', distribution: mainUnstable })
    .started('hello-1', 'hello-1-amd64')
    .rejected('broken-3', ['incomplete upload: broken_1_source.changes names files that did not arrive'])
    .received('hello-4', 'hello', '1-2', alice)
    .succeeded('hello-1', 'hello-1-amd64')
    .accepted('hello-4', 'hello', '1-2')
    .requested('hello-4', 'hello-4-amd64', 'hello', '1-2')
    .started('hello-1', 'hello-1-i386', 'i386')
    .started('hello-4', 'hello-4-amd64')
    .succeeded('hello-1', 'hello-1-i386', 'i386')
    .installed(unstable, 'hello', '1-1', 'hello-1')
    .failed('hello-4', 'hello-4-amd64', 'failed', 'dh_auto_test: make check returned exit code 2')
    .uploadFailed('hello-4', 'hello', '1-2', ['1 mandatory architecture(s) missing: amd64 (failed: dh_auto_test: make check returned exit code 2)'])
    .received('gamma-5', 'gamma', '1-1', bob)
    .accepted('gamma-5', 'gamma', '1-1')
    .requested('gamma-5', 'gamma-5-amd64', 'gamma', '1-1')
    .received('delta-6', 'delta', '1-1', bob)
    .started('gamma-5', 'gamma-5-amd64')
    .accepted('delta-6', 'delta', '1-1')
    .requested('delta-6', 'delta-6-amd64', 'delta', '1-1')
    .received('eps-7', 'epsilon', '1-1', bob)
    .accepted('eps-7', 'epsilon', '1-1')
    .requested('eps-7', 'eps-7-amd64', 'epsilon', '1-1')
    .started('eps-7', 'eps-7-amd64')
    .succeeded('eps-7', 'eps-7-amd64')
    .received('zeta-8', 'zeta', '1-1', null, 'Jane Doe <jane@example.org>', 'bookworm-test-experimental')
    .installed(mainUnstable, 'other', '3-1');

const newestFirst = ['zeta-8', 'eps-7', 'delta-6', 'gamma-5', 'hello-4', 'broken-3', 'other-2', 'hello-1'];

/** Walks the uploads newest first, `limit` per page, following nextBefore. */
async function walk(runner: ProjectionRunner, filter: UploadsFilter, limit: number, between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let before: number | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await runner.read((manager) => listUploads(manager, { ...filter, limit, ...(before === undefined ? {} : { beforePosition: before }) }));
    ids.push(...page.items.map((item) => item.uploadId));
    if (page.nextBefore === null) return ids;
    expect(page.items.length).toBe(limit);
    before = page.nextBefore;
    await between?.();
  }
  throw new Error('the pages never ended');
}

describe.each(readModelKinds)('the uploads on $kind', ({ kind, skip }) => {
  let models: TestReadModels | undefined;
  let runner: ProjectionRunner | undefined;
  afterEach(async () => {
    await runner?.stop();
    await models?.dispose();
    runner = undefined;
    models = undefined;
  });

  const open = async (batchSize: number) => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    for (const { streamId, event } of morning().appended) await store.append(streamId, [event], 'any');
    runner = new ProjectionRunner(models.dataSource, store, [uploadsProjection], { batchSize });
    await runner.start();
    await runner.waitForPosition(store.events.length);
    return store;
  };

  it.skipIf(skip)('lists every upload newest first in the state its events left it, with why it was rejected or failed', async () => {
    await open(5);
    const page = await runner!.read((manager) => listUploads(manager));
    expect(page.nextBefore).toBeNull();
    expect(page.items.map(({ uploadId, source, version, state, distribution, repository, uploader }) => ({ uploadId, source, version, state, distribution, repository, uploader }))).toEqual([
      { uploadId: 'zeta-8', source: 'zeta', version: '1-1', state: 'received', distribution: 'bookworm-test-experimental', repository: 'test', uploader: 'Jane Doe <jane@example.org>' },
      { uploadId: 'eps-7', source: 'epsilon', version: '1-1', state: 'built', distribution: unstable, repository: 'test', uploader: `key:${bob}` },
      { uploadId: 'delta-6', source: 'delta', version: '1-1', state: 'accepted', distribution: unstable, repository: 'test', uploader: `key:${bob}` },
      { uploadId: 'gamma-5', source: 'gamma', version: '1-1', state: 'building', distribution: unstable, repository: 'test', uploader: `key:${bob}` },
      { uploadId: 'hello-4', source: 'hello', version: '1-2', state: 'failed', distribution: unstable, repository: 'test', uploader: `key:${alice}` },
      { uploadId: 'broken-3', source: null, version: null, state: 'rejected', distribution: null, repository: null, uploader: null },
      { uploadId: 'other-2', source: 'other', version: '2-1', state: 'rejected', distribution: mainUnstable, repository: 'main', uploader: 'Carl <carl@example.org>' },
      { uploadId: 'hello-1', source: 'hello', version: '1-1', state: 'installed', distribution: unstable, repository: 'test', uploader: `key:${alice}` },
    ]);
    const byId = new Map(page.items.map((item) => [item.uploadId, item]));
    expect(byId.get('hello-4')!.reason).toBe('1 mandatory architecture(s) missing: amd64 (failed: dh_auto_test: make check returned exit code 2)');
    expect(byId.get('other-2')!.reason).toBe('unsigned upload to a repository that needs signatures');
    expect(byId.get('broken-3')!.reason).toMatch(/^incomplete upload/);
    expect(byId.get('hello-1')!.reason).toBeNull();
    expect(byId.get('hello-1')!.builds.map((build) => [build.architecture, build.state])).toEqual([['amd64', 'succeeded'], ['i386', 'succeeded']]);
    const hello1 = byId.get('hello-1')!;
    expect(hello1.changesDistribution).toBe('unstable');
    expect(hello1.updatedAt > hello1.receivedAt && hello1.position > hello1.receivedPosition).toBe(true);

    expect(await runner!.read((manager) => getUpload(manager, 'hello-4'))).toEqual(byId.get('hello-4'));
    expect(await runner!.read((manager) => getUpload(manager, 'no-such-upload'))).toBeUndefined();
  });

  it.skipIf(skip)('pages newest first without gaps or repeats while uploads arrive, and filters by source, state and distribution', async () => {
    const store = await open(500);
    let arrived = 0;
    const arrive = async () => {
      for (const { streamId, event } of new ArchiveEvents().received(`late-${++arrived}`, 'late', '1-1', alice).appended) await store.append(streamId, [event], 'any');
      await runner!.waitForPosition(store.events.length);
    };
    expect(await walk(runner!, {}, 3, arrive)).toEqual(newestFirst);
    expect(arrived).toBe(2);
    expect(await walk(runner!, {}, 4)).toEqual(['late-2', 'late-1', ...newestFirst]);

    expect(await walk(runner!, { source: 'hello' }, 1)).toEqual(['hello-4', 'hello-1']);
    expect(await walk(runner!, { state: 'rejected' }, 1)).toEqual(['broken-3', 'other-2']);
    expect(await walk(runner!, { state: 'received' }, 2)).toEqual(['late-2', 'late-1', 'zeta-8']);
    expect(await walk(runner!, { distribution: unstable }, 2)).toEqual(['eps-7', 'delta-6', 'gamma-5', 'hello-4', 'hello-1']);
    expect(await walk(runner!, { distribution: mainUnstable }, 2)).toEqual(['other-2']);
    expect(await walk(runner!, { source: 'hello', state: 'installed', distribution: unstable }, 2)).toEqual(['hello-1']);
    expect(await walk(runner!, { source: 'nothing' }, 2)).toEqual([]);
  });

  it.skipIf(skip)('rebuilds to the same rows, whatever the batches', async () => {
    const store = await open(1);
    const rows = () => models!.dataSource.manager.find(UploadEntry, { order: { uploadId: 'ASC' } });
    const live = await rows();
    expect(live).toHaveLength(newestFirst.length);
    await runner!.stop();
    runner = new ProjectionRunner(models!.dataSource, store, [uploadsProjection], { batchSize: 500 });
    await runner.start();
    expect(await runner.rebuild('uploads')).toMatchObject([{ name: 'uploads', position: store.events.length }]);
    expect(await rows()).toEqual(live);
  });

  it.skipIf(skip)('pages each filter newest first along an index, without sorting', async () => {
    await open(500);
    const manager = models!.dataSource.manager;
    const cases: [UploadsFilter, string][] = [
      [{}, 'uploads_received'],
      [{ source: 'hello' }, 'uploads_source'],
      [{ state: 'building' }, 'uploads_state'],
      [{ distribution: unstable }, 'uploads_distribution'],
    ];
    for (const [filter, index] of cases) {
      const [sql, parameters] = uploadsQuery(manager, { ...filter, beforePosition: 30 }, 100).getQueryAndParameters();
      if (kind === 'sqlite') {
        const plan = ((await manager.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as { detail: string }[]).map((row) => row.detail).join('\n');
        expect(plan, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE/);
        expect(plan, JSON.stringify(filter)).toContain(`USING INDEX ${index} (`);
      } else {
        const plan = await manager.transaction(async (inner) => {
          await inner.query('SET LOCAL enable_seqscan = off');
          await inner.query('SET LOCAL enable_sort = off');
          return ((await inner.query(`EXPLAIN ${sql}`, parameters)) as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(plan, JSON.stringify(filter)).not.toMatch(/Sort|Seq Scan/);
        expect(plan, JSON.stringify(filter)).toMatch(new RegExp(`Index (Only )?Scan Backward using ${index} `));
      }
    }
  });
});
