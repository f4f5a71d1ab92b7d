import type { RecordedEvent } from '@mbd/events';
import type { EntityManager } from 'typeorm';
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
import { auditLogQuery, getAuditLogEntry, listAuditLog, type AuditLogFilter, type AuditLogItem } from './audit-log.queries.js';

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

/** Every page of `filter` in its order, `limit` per page, following nextAfter or nextBefore; checks each page's size. */
async function allPages(manager: EntityManager, filter: AuditLogFilter, limit: number): Promise<number[]> {
  const positions: number[] = [];
  let cursor: AuditLogFilter = {};
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await listAuditLog(manager, { ...filter, ...cursor, limit });
    positions.push(...page.items.map((item) => item.position));
    const next = filter.order === 'desc' ? page.nextBefore : page.nextAfter;
    if (next === null) {
      expect(page.items.length).toBeLessThanOrEqual(limit);
      return positions;
    }
    expect(page.items.length).toBe(limit);
    cursor = filter.order === 'desc' ? { beforePosition: next } : { afterPosition: next };
  }
  throw new Error('the pages never ended');
}

const start = Date.UTC(2026, 0, 1);
const columns = ['position', 'event_id', 'stream_id', 'type', 'version', 'actor_kind', 'actor', 'correlation_id', 'causation_id', 'occurred_at', 'data'];

/**
 * 3,000 rows two seconds apart, positions from 10 with a gap of 5 after every 100th row; every 7th row
 * (700, 1001, …) stamped up to 56 s early and every 11th 1.5 s late, skews within the minute the time
 * filters allow, so a time range's rows are seldom a run of positions.
 */
const skewedLog = (): [number, string, string][] =>
  Array.from({ length: 3000 }, (_, i) => {
    const skew = i % 7 === 0 ? -((i * 7919) % 56_000) : i % 11 === 0 ? 1500 : 0;
    return [10 + i + Math.floor(i / 100) * 5, i % 3 === 0 ? 'BuildStarted' : 'SampleChecked', new Date(start + i * 2000 + skew).toISOString()];
  });

const rowValues = ([position, type, occurredAt]: [number, string, string]): unknown[] => [
  position, `event-${position}`, `upload-u${position % 7}`, type, 1, 'daemon', 'daemon', `c${position % 7}`, null, occurredAt, '{}',
];

/**
 * `n` rows of the same shape, generated by the database, with the secondary indexes dropped meanwhile and
 * created again from their own definitions (bulk inserts from here, or inserting into the indexes row by
 * row, would take minutes).
 */
async function fillLarge(manager: EntityManager, kind: 'sqlite' | 'postgres', n: number): Promise<void> {
  const indexes = (
    kind === 'sqlite'
      ? await manager.query("SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' AND sql IS NOT NULL")
      : await manager.query("SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'audit_log' AND indexname LIKE 'audit_log_%'")
  ) as { name: string; definition: string }[];
  for (const { name } of indexes) await manager.query(`DROP INDEX ${name}`);
  const into = `INSERT INTO audit_log (${columns.join(', ')})`;
  const type = "CASE i % 3 WHEN 0 THEN 'BuildStarted' ELSE 'SampleChecked' END";
  if (kind === 'sqlite') {
    await manager.query(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})
      ${into} SELECT 10 + i + i / 100 * 5, 'event-' || i, 'upload-u' || (i % 7), ${type}, 1, 'daemon', 'daemon', 'c' || (i % 7), NULL,
        strftime('%Y-%m-%dT%H:%M:%fZ', ${start / 1000} + i * 2 - (CASE WHEN i % 7 = 0 THEN i * 7919 % 56000 ELSE 0 END) / 1000.0, 'unixepoch'), '{}' FROM n`);
  } else {
    await manager.query(`${into} SELECT 10 + i + i / 100 * 5, 'event-' || i, 'upload-u' || (i % 7), ${type}, 1, 'daemon', 'daemon', 'c' || (i % 7), NULL,
        to_char(to_timestamp(${start / 1000} + i * 2 - (CASE WHEN i % 7 = 0 THEN i::bigint * 7919 % 56000 ELSE 0 END) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '{}'
      FROM generate_series(0, ${n - 1}) AS i`);
  }
  for (const { definition } of indexes) await manager.query(definition);
  if (kind === 'postgres') await manager.query('ANALYZE audit_log');
}

/** The plan of the page query for `filter`, one line per step (SQLite) or per node (PostgreSQL). */
async function queryPlan(manager: EntityManager, kind: 'sqlite' | 'postgres', filter: AuditLogFilter): Promise<string> {
  const [sql, parameters] = auditLogQuery(manager, filter, 100).getQueryAndParameters();
  if (kind === 'sqlite') return ((await manager.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as { detail: string }[]).map((row) => row.detail).join('\n');
  return ((await manager.query(`EXPLAIN ${sql}`, parameters)) as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
}

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

  it.skipIf(skip)('filters by time to the rows of a plain scan, paged either way, across gaps and events stamped out of order', async () => {
    models = await openTestReadModels(kind);
    const manager = models.dataSource.manager;
    await bulkInsert(manager, 'audit_log', columns, skewedLog().map(rowValues));
    const all = await rows(models);
    const at = (index: number, ms = 0) => new Date(Date.parse(all[index]!.occurredAt) + ms);
    const plain = (filter: AuditLogFilter) =>
      all
        .filter((row) => filter.since === undefined || row.occurredAt >= filter.since.toISOString())
        .filter((row) => filter.until === undefined || row.occurredAt <= filter.until.toISOString())
        .filter((row) => filter.type === undefined || row.type === filter.type)
        .map((row) => row.position);
    // rows 700 and 1001 are stamped early, 704 late; 1000 and 2000 follow a gap
    const ranges: AuditLogFilter[] = [
      { since: at(700) },
      { since: at(701, -1) },
      { since: at(1000) },
      { since: at(704) },
      { until: at(700) },
      { until: at(699, 1) },
      { until: at(2001, -1) },
      { since: at(700), until: at(1001) },
      { since: at(1001, 1), until: at(1995) },
      { since: at(0), until: at(0) },
      { since: at(2999), until: at(2999) },
      { since: at(1500), until: at(1400) },
      { since: at(0, -3_600_000) },
      { until: at(2999, 3_600_000) },
      { since: at(2999, 1) },
      { until: at(0, -1) },
      { since: at(300), until: at(600), type: 'BuildStarted' },
    ];
    const logRun = (positions: number[]) => {
      const first = all.findIndex((row) => row.position === positions[0]);
      return all.slice(first, first + positions.length).map((row) => row.position);
    };
    // the skews matter: most ranges' rows are not a run of the log
    expect(ranges.filter((range) => plain(range).join() !== logRun(plain(range)).join()).length).toBeGreaterThanOrEqual(6);
    for (const range of ranges) {
      const want = plain(range);
      for (const limit of [25, 1000]) {
        expect(await allPages(manager, range, limit), `${JSON.stringify(range)} by ${limit}`).toEqual(want);
        expect(await allPages(manager, { ...range, order: 'desc' }, limit), `${JSON.stringify(range)} desc by ${limit}`).toEqual([...want].reverse());
      }
    }
  });

  it.skipIf(skip)('reads a time-filtered page of a large log along the position order: no sort, no scan of the table', async () => {
    models = await openTestReadModels(kind);
    const manager = models.dataSource.manager;
    // 100,000 rows, 2 s apart: enough for the planners to choose as on millions (the speed is the bench's to measure, not a test's)
    const rows = 100_000;
    await fillLarge(manager, kind, rows);
    const at = (fraction: number) => new Date(start + fraction * rows * 2000);
    const lastPosition = 10 + (rows - 1) + Math.floor((rows - 1) / 100) * 5;
    const cases: AuditLogFilter[] = [
      { since: at(0.95) },
      { since: at(0.95), order: 'desc', beforePosition: Math.floor(lastPosition * 0.99) },
      { until: at(0.04) },
      { until: at(0.04), order: 'desc' },
      { since: at(0.52), until: at(0.5243) },
      { since: at(0.52), until: at(0.5243), order: 'desc' },
      { since: at(0.04), until: at(0.95), order: 'desc' },
      { since: at(0.04), until: at(0.95), afterPosition: Math.floor(lastPosition * 0.4) },
      { since: at(0.95), type: 'BuildStarted' },
      { until: at(0.04), type: 'BuildStarted', order: 'desc' },
    ];
    const matches = (filter: AuditLogFilter) => (item: AuditLogItem) =>
      (filter.since === undefined || item.occurredAt >= filter.since.toISOString()) &&
      (filter.until === undefined || item.occurredAt <= filter.until.toISOString()) &&
      (filter.type === undefined || item.type === filter.type);
    for (const filter of cases) {
      const page = await listAuditLog(manager, filter);
      expect(page.items, JSON.stringify(filter)).toHaveLength(100);
      expect(page.items.every(matches(filter)), JSON.stringify(filter)).toBe(true);
      // a page took 0.2 to 3 s on SQLite and up to 0.5 s on PostgreSQL (1,000,000 rows) while occurred_at was filtered by scanning
      const plan = await queryPlan(manager, kind, filter);
      if (kind === 'sqlite') {
        expect(plan, JSON.stringify(filter)).not.toMatch(/TEMP B-TREE|SCAN audit_log$|SCAN entry$/m);
        expect(plan.split('\n')[0], JSON.stringify(filter)).toMatch(/^SEARCH entry USING INDEX \S+ \((type=\? AND )?position>\?( AND position<\?)?\)$/);
      } else {
        expect(plan, JSON.stringify(filter)).not.toMatch(/Seq Scan/);
        expect(plan, JSON.stringify(filter)).toMatch(/Index Scan (Backward )?using \S+ on audit_log entry/);
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
