import type { RecordedEvent } from '@mbd/events';
import { afterEach, describe, expect, it } from 'vitest';
import { bulkInsert } from '../bulk-insert.js';
import { ProjectionCheckpoint } from '../runner/projection-checkpoint.entity.js';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { ArchiveEvents } from '../testing/archive-events.fixture.js';
import { openTestReadModels, readModelKinds, type TestReadModels } from '../testing/read-models.fixture.js';
import { ReplayingEventStore } from '../testing/replaying-event-store.fixture.js';
import { sampleEvents } from '../testing/sample-events.fixture.js';
import { AuditLogEntry } from './audit-log-entry.entity.js';
import { auditLogProjection, toAuditLogEntry } from './audit-log.projection.js';
import { auditLogQuery, getAuditLogEntry, listAuditLog, type AuditLogFilter } from './audit-log.queries.js';

const key = 'C'.repeat(40);
const unstable = 'bookworm-test-unstable';
const mainUnstable = 'bookworm-main-unstable';

/**
 * hello 1-1 uploaded (to the meta distribution `unstable`), built, installed and migrated; `other`
 * uploaded unsigned to the main repository and rejected; an upload the intake could not read; hello 1-2
 * failing its build; an admin's direct install in main.
 */
const day = () =>
  new ArchiveEvents()
    .received('hello-1', 'hello', '1-1', key)
    .accepted('hello-1', 'hello', '1-1')
    .requested('hello-1', 'hello-1-amd64', 'hello', '1-1')
    .started('hello-1', 'hello-1-amd64')
    .succeeded('hello-1', 'hello-1-amd64')
    .installed(unstable, 'hello', '1-1', 'hello-1')
    .received('other-2', 'other', '2-1', null, 'Carl <carl@example.org>', mainUnstable)
    .rejected('other-2', ['unsigned upload'], { source: 'other', version: '2-1', distribution: mainUnstable })
    .rejected('broken-3', ['incomplete upload: broken_1_source.changes names files that did not arrive'])
    .received('hello-4', 'hello', '1-2', key)
    .accepted('hello-4', 'hello', '1-2')
    .requested('hello-4', 'hello-4-amd64', 'hello', '1-2')
    .started('hello-4', 'hello-4-amd64')
    .failed('hello-4', 'hello-4-amd64', 'failed', 'it broke')
    .uploadFailed('hello-4', 'hello', '1-2', ['1 mandatory architecture(s) missing: amd64 (failed: it broke)'])
    .migrated(unstable, 'bookworm-test-testing', 'hello', '1-1')
    .installed(mainUnstable, 'other', '3-1');

/** The day's events, each followed by three sample events of other types (in streams `upload-u0`…`upload-u6`). */
async function fill(store: ReplayingEventStore): Promise<void> {
  let samples = 0;
  for (const { streamId, event } of day().appended) {
    await store.append(streamId, [event], 'any');
    for (const sample of sampleEvents(3, samples)) await store.append(sample.streamId, [sample.event], 'any');
    samples += 3;
  }
}

const helloStreams = ['upload-hello-1', 'upload-hello-4'];
const field = (event: RecordedEvent, name: string) => (event.data as Record<string, unknown>)[name];
/** What each filter should find, said independently of the projection: by stream, type and data field. */
const expected: Record<string, (event: RecordedEvent) => boolean> = {
  'source hello': (event) => helloStreams.includes(event.streamId) || field(event, 'source') === 'hello',
  [`distribution ${unstable}`]: (event) =>
    (helloStreams.includes(event.streamId) && event.type !== 'UploadReceived') || event.streamId === `dist-${unstable}`,
  'repository test': (event) =>
    (helloStreams.includes(event.streamId) && event.type !== 'UploadReceived') || event.streamId.startsWith('dist-bookworm-test-'),
  [`distribution ${mainUnstable}`]: (event) => event.streamId === 'upload-other-2' || event.streamId === `dist-${mainUnstable}`,
  'repository main': (event) => event.streamId === 'upload-other-2' || event.streamId === `dist-${mainUnstable}`,
};
const filters: Record<string, AuditLogFilter> = {
  'source hello': { source: 'hello' },
  [`distribution ${unstable}`]: { distribution: unstable },
  'repository test': { repository: 'test' },
  [`distribution ${mainUnstable}`]: { distribution: mainUnstable },
  'repository main': { repository: 'main' },
};

/** Walks the audit log newest first, `limit` per page, following nextBefore; checks each page's size. */
async function newestFirst(runner: ProjectionRunner, filter: AuditLogFilter, limit: number, between?: () => Promise<void>): Promise<number[]> {
  const positions: number[] = [];
  let before: number | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await runner.read((manager) => listAuditLog(manager, { ...filter, order: 'desc', limit, ...(before === undefined ? {} : { beforePosition: before }) }));
    positions.push(...page.items.map((item) => item.position));
    expect(page.nextAfter).toBeNull();
    if (page.nextBefore === null) {
      expect(page.items.length).toBeLessThanOrEqual(limit);
      return positions;
    }
    expect(page.items.length).toBe(limit);
    expect(page.nextBefore).toBe(page.items.at(-1)!.position);
    before = page.nextBefore;
    await between?.();
  }
  throw new Error('the pages never ended');
}

const rows = (models: TestReadModels) => models.dataSource.manager.find(AuditLogEntry, { order: { position: 'ASC' } });

describe.each(readModelKinds)('the audit log on $kind', ({ kind, skip }) => {
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
    await fill(store);
    runner = new ProjectionRunner(models.dataSource, store, [auditLogProjection], { batchSize });
    await runner.start();
    await runner.waitForPosition(store.events.length);
    return store;
  };

  it.skipIf(skip)('lists newest first, page after page, without gaps or repeats, while new events arrive', async () => {
    const store = await open(500);
    const all = store.events.map((event) => event.position).reverse();
    let appended = 0;
    const appendTwo = async () => {
      for (const sample of sampleEvents(2, 1000 + appended)) await store.append(sample.streamId, [sample.event], 'any');
      appended += 2;
      await runner!.waitForPosition(store.events.length);
    };
    expect(await newestFirst(runner!, {}, 9, appendTwo)).toEqual(all);
    expect(appended).toBeGreaterThan(0);
    // an exact number of pages: the last full page says it is the last
    const exact = await runner!.read((manager) => listAuditLog(manager, { order: 'desc', limit: 5, beforePosition: 11 }));
    expect(exact.items.map((item) => item.position)).toEqual([10, 9, 8, 7, 6]);
    expect(exact.nextBefore).toBe(6);
    expect(await runner!.read((manager) => listAuditLog(manager, { order: 'desc', limit: 5, beforePosition: 6 }))).toMatchObject({ nextBefore: null, nextAfter: null });
    // ascending stays the default, paged by nextAfter
    const ascending = await runner!.read((manager) => listAuditLog(manager, { limit: 10 }));
    expect(ascending.items.map((item) => item.position)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(ascending.nextAfter).toBe(10);
    expect(ascending).not.toHaveProperty('nextBefore');
  });

  it.skipIf(skip)('files each event under its source, distribution and repository; upload events under their upload', async () => {
    const store = await open(4);
    for (const [name, filter] of Object.entries(filters)) {
      const want = store.events.filter(expected[name]!).map((event) => event.position).reverse();
      expect(want.length, name).toBeGreaterThan(2);
      expect(await newestFirst(runner!, filter, 3), name).toEqual(want);
    }
    expect(await newestFirst(runner!, { source: 'nothing' }, 3)).toEqual([]);

    const started = store.events.find((event) => event.type === 'BuildStarted' && event.streamId === 'upload-hello-1')!;
    expect(await runner!.read((manager) => getAuditLogEntry(manager, started.position))).toMatchObject({
      position: started.position,
      id: started.id,
      streamId: 'upload-hello-1',
      type: 'BuildStarted',
      source: 'hello',
      distribution: unstable,
      repository: 'test',
      data: { buildId: 'hello-1-amd64', builder: 'local' },
    });
    const received = store.events.find((event) => event.type === 'UploadReceived' && event.streamId === 'upload-hello-1')!;
    const receivedItem = await runner!.read((manager) => getAuditLogEntry(manager, received.position));
    expect(receivedItem).toMatchObject({ source: 'hello' });
    expect(receivedItem).not.toHaveProperty('distribution');
    const unreadable = await runner!.read((manager) => listAuditLog(manager, { stream: 'upload-broken-3' }));
    expect(unreadable.items).toHaveLength(1);
    expect(unreadable.items[0]).not.toHaveProperty('source');
    expect(await runner!.read((manager) => getAuditLogEntry(manager, store.events.length + 1))).toBeUndefined();

    // filters combine, also with a position window
    const helloBuilds = await runner!.read((manager) => listAuditLog(manager, { source: 'hello', type: 'BuildStarted', order: 'desc' }));
    expect(helloBuilds.items.map((item) => item.streamId)).toEqual(['upload-hello-4', 'upload-hello-1']);
    const window = await runner!.read((manager) => listAuditLog(manager, { repository: 'test', afterPosition: started.position, beforePosition: started.position + 9, order: 'desc' }));
    expect(window.items.map((item) => item.type)).toEqual(['PackageInstalled', 'BuildSucceeded']);
  });

  it.skipIf(skip)('rebuilds to the same rows, whatever the batches', async () => {
    // live one event per batch: an upload's events find its subject in the stored rows
    const store = await open(1);
    const live = await rows(models!);
    expect(live.filter((row) => row.source === 'hello').length).toBeGreaterThan(10);
    await runner!.stop();
    // rebuilt in one batch: they find it in the batch
    runner = new ProjectionRunner(models!.dataSource, store, [auditLogProjection], { batchSize: 500 });
    await runner.start();
    const [result] = await runner.rebuild('audit-log');
    expect(result).toMatchObject({ name: 'audit-log', position: store.events.length });
    expect(await rows(models!)).toEqual(live);
  });

  it.skipIf(skip)('pages each filter newest first along an index, without sorting', async () => {
    await open(500);
    const manager = models!.dataSource.manager;
    const cases: [AuditLogFilter, string][] = [
      [{}, ''],
      [{ stream: 'upload-hello-1' }, 'audit_log_stream'],
      [{ type: 'BuildStarted' }, 'audit_log_type'],
      [{ actor: 'daemon' }, 'audit_log_actor'],
      [{ correlationId: 'hello-1' }, 'audit_log_correlation'],
      [{ source: 'hello' }, 'audit_log_source'],
      [{ distribution: unstable }, 'audit_log_distribution'],
      [{ repository: 'test' }, 'audit_log_repository'],
    ];
    for (const [filter, index] of cases) {
      const [sql, parameters] = auditLogQuery(manager, { ...filter, order: 'desc', beforePosition: 40 }, 100).getQueryAndParameters();
      if (kind === 'sqlite') {
        const plan = ((await manager.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as { detail: string }[]).map((row) => row.detail).join('\n');
        expect(plan, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE|SCAN audit_log$|SCAN entry$/m);
        expect(plan, JSON.stringify(filter)).toContain(index ? `USING INDEX ${index} (` : 'USING INDEX');
      } else {
        // on a table this small PostgreSQL would rather read it all; forbid that and see what it reads instead
        const plan = await manager.transaction(async (inner) => {
          await inner.query('SET LOCAL enable_seqscan = off');
          await inner.query('SET LOCAL enable_sort = off');
          return ((await inner.query(`EXPLAIN ${sql}`, parameters)) as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
        });
        expect(plan, JSON.stringify(filter)).not.toMatch(/Sort|Seq Scan/);
        expect(plan, JSON.stringify(filter)).toMatch(index ? new RegExp(`Index (Only )?Scan Backward using ${index} `) : /Index Scan Backward using/);
      }
    }
  });

  it.skipIf(skip)('upgrading empties the audit log, and the runner replays it with each event filed under its subject', async () => {
    models = await openTestReadModels(kind);
    const dataSource = models.dataSource;
    // back to the schema before AddAuditLogSubject (its down migration), holding an audit log projected then
    const executed = async () => ((await dataSource.query('SELECT name FROM migrations')) as { name: string }[]).map((row) => row.name);
    while ((await executed()).includes('AddAuditLogSubject1764000000006')) await dataSource.undoLastMigration();
    const store = new ReplayingEventStore();
    await fill(store);
    const old = store.events.map((event) => Object.values(toAuditLogEntry(event)).slice(0, 11));
    await bulkInsert(dataSource.manager, 'audit_log', ['position', 'event_id', 'stream_id', 'type', 'version', 'actor_kind', 'actor', 'correlation_id', 'causation_id', 'occurred_at', 'data'], old);
    await dataSource.manager.insert(ProjectionCheckpoint, { name: 'audit-log', position: store.events.length });

    await dataSource.runMigrations();
    expect(await dataSource.manager.count(AuditLogEntry)).toBe(0);
    expect(await dataSource.manager.findOneBy(ProjectionCheckpoint, { name: 'audit-log' })).toBeNull();
    runner = new ProjectionRunner(dataSource, store, [auditLogProjection]);
    await runner.start();
    await runner.waitForPosition(store.events.length);
    expect(await dataSource.manager.count(AuditLogEntry)).toBe(store.events.length);
    expect(await newestFirst(runner, { source: 'hello' }, 100)).toEqual(store.events.filter(expected['source hello']!).map((event) => event.position).reverse());
  });
});
