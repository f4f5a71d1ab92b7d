/**
 * Event store throughput: appends (one event per append, and batches of 100 and 1,000), read-all
 * and catch-up subscription, on SQLite (a temp dir) and on PostgreSQL when MBD_BENCH_POSTGRES_URL
 * or MBD_TEST_POSTGRES_URL names a server (a fresh database is created there and dropped after).
 * Every figure is the median of 3 runs.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { firstValueFrom, take, toArray } from 'rxjs';
import { PostgresEventStore, SqliteEventStore, newEventId, readAllPages, type Event, type EventStore } from '@mbd/events';
import { median, medianMs, type BenchResult } from './bench-result.js';

const RUNS = 3;
const READ_EVENTS = 100_000;

/** A 300-byte event of the kind the archive appends most. */
const installed = (i: number): Event => ({
  type: 'PackageInstalled',
  version: 1,
  data: {
    distribution: 'bookworm-test-unstable',
    source: 'hello',
    version: `2.10-${i}`,
    files: [{ name: `hello_2.10-${i}_amd64.deb`, sha256: 'a'.repeat(64), size: 53_212 }],
  },
  metadata: { actor: { kind: 'daemon' }, correlationId: randomUUID(), occurredAt: '2026-11-25T12:00:00.000Z' },
});

interface Backend {
  readonly name: string;
  /** A fresh, empty store; dispose removes it. */
  fresh(): Promise<{ store: EventStore; dispose: () => Promise<void> }>;
}

const sqlite: Backend = {
  name: 'SQLite',
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'mbd-bench-'));
    const store = await SqliteEventStore.open(join(dir, 'events.sqlite'));
    return { store, dispose: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
  },
};

const postgres = (serverUrl: string): Backend => ({
  name: 'PostgreSQL',
  async fresh() {
    const name = `mbd_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try { await client.query(sql); } finally { await client.end(); }
    };
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const store = await PostgresEventStore.open(url.toString());
    return { store, dispose: async () => { await store.close(); await admin(`DROP DATABASE ${name}`); } };
  },
});

/** Milliseconds of appending `total` events `perAppend` at a time to a fresh store. */
async function appendRun(backend: Backend, total: number, perAppend: number, run: number): Promise<number> {
  const batch = Array.from({ length: perAppend }, (_, i) => installed(i));
  const { store, dispose } = await backend.fresh();
  try {
    const stream = `dist-bookworm-test-unstable-${run}`;
    let expected: number | 'no-stream' = 'no-stream';
    const start = performance.now();
    for (let done = 0; done < total; done += perAppend) expected = (await store.append(stream, batch, expected)).nextExpectedVersion;
    return performance.now() - start;
  } finally {
    await dispose();
  }
}

/** Median events per second of appending `total` events `perAppend` at a time to fresh stores. */
async function appendRate(backend: Backend, total: number, perAppend: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) times.push(await appendRun(backend, total, perAppend, run));
  return total / (median(times) / 1000);
}

async function readRates(backend: Backend): Promise<{ readAll: number; catchUp: number }> {
  const { store, dispose } = await backend.fresh();
  try {
    const batch = Array.from({ length: 1_000 }, (_, i) => installed(i));
    for (let n = 0; n < READ_EVENTS / 1_000; n++) await store.append(`upload-${n}`, batch, 'no-stream');
    const readAll = await medianMs(RUNS, async () => {
      let count = 0;
      for await (const _event of readAllPages(store)) count += 1;
      if (count !== READ_EVENTS) throw new Error(`read ${count} of ${READ_EVENTS} events`);
    });
    const catchUp = await medianMs(RUNS, async () => {
      await firstValueFrom(store.subscribeAll(0).pipe(take(READ_EVENTS), toArray()));
    });
    return { readAll: READ_EVENTS / (readAll / 1000), catchUp: READ_EVENTS / (catchUp / 1000) };
  } finally {
    await dispose();
  }
}

/** The raw better-sqlite3 references, each timed once per call, in turns with the adapter. */
interface Floors {
  /** The floor: 100,000 events in one transaction, 5 columns, no index but the rowid. */
  appendAll(): number;
  /** A fairer reference: mbd's own table (unique id and (stream, version)), one transaction per 1,000 events. */
  appendSchema(): Promise<number>;
  read(): number;
  close(): Promise<void>;
}

async function measure(backend: Backend, floors?: Floors): Promise<BenchResult[]> {
  const single = await appendRate(backend, 2_000, 1);
  const batched100 = await appendRate(backend, 50_000, 100);
  // The goal row: adapter and floors timed in turns, so that a load on the machine moves them together.
  const adapter: number[] = [];
  const floor: number[] = [];
  const fairer: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (floors) floor.push(floors.appendAll());
    adapter.push(await appendRun(backend, 100_000, 1_000, run));
    if (floors) fairer.push(await floors.appendSchema());
  }
  const batched1000 = 100_000 / (median(adapter) / 1000);
  const reads = await readRates(backend);
  const readFloor = floors ? READ_EVENTS / (median([floors.read(), floors.read(), floors.read()]) / 1000) : undefined;
  const unit = 'events/s';
  const appendFloor = floors ? { name: 'raw better-sqlite3, 100,000 events in one transaction, same run', value: 100_000 / (median(floor) / 1000) } : undefined;
  const rows: BenchResult[] = [
    { name: `${backend.name}: append, one event per append`, value: single, unit, note: '2,000 appends, each committed', floor: appendFloor },
    { name: `${backend.name}: append, 100 events per append`, value: batched100, unit, floor: appendFloor },
    {
      name: `${backend.name}: append, 1,000 events per append`,
      value: batched1000,
      unit,
      floor: appendFloor,
      goal: floors ? { of: 'ratio', atLeast: 0.7 } : undefined,
    },
  ];
  if (floors) {
    const schemaFloor = 100_000 / (median(fairer) / 1000);
    rows.push({
      name: `${backend.name}: append, 1,000 per append, vs raw on mbd's table`,
      value: batched1000,
      unit,
      note: 'reference only',
      floor: { name: "raw better-sqlite3 on mbd's table, 1,000 per transaction, same run", value: schemaFloor },
    });
  }
  rows.push(
    { name: `${backend.name}: readAll (pages of 5,000)`, value: reads.readAll, unit, note: `${READ_EVENTS.toLocaleString('en')} events`, floor: readFloor === undefined ? undefined : { name: 'raw better-sqlite3 read + JSON.parse, same run', value: readFloor } },
    { name: `${backend.name}: catch-up subscription`, value: reads.catchUp, unit, note: `${READ_EVENTS.toLocaleString('en')} events`, floor: readFloor === undefined ? undefined : { name: 'raw better-sqlite3 read + JSON.parse, same run', value: readFloor } },
  );
  return rows;
}

/**
 * The same work done with raw better-sqlite3 (one transaction of prepared inserts with a SHA-256
 * chain; one SELECT with JSON.parse per row), measured in the same run: on a loaded machine the
 * adapter's figures are only meaningful next to this floor. Each call of appendAll times one run of
 * 100,000 events in one transaction (the floor); appendSchema times 100,000 events 1,000 per
 * transaction into the table the adapter creates, with its columns, its (UUIDv7) ids and unique indexes.
 */
async function rawSqliteFloors(): Promise<Floors> {
  const dir = await mkdtemp(join(tmpdir(), 'mbd-bench-raw-'));
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT, data TEXT, metadata TEXT, hash TEXT)');
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?)');
  const rows = Array.from({ length: READ_EVENTS }, (_, i) => installed(i));
  let position = 0;
  let hash = '';
  const timed = (fn: () => void): number => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  const select = db.prepare('SELECT * FROM events WHERE position <= ?').raw();
  let schemaRun = 0;
  return {
    appendAll: () =>
      timed(() =>
        db.transaction(() => {
          for (const event of rows) {
            const data = JSON.stringify(event.data);
            const metadata = JSON.stringify(event.metadata);
            hash = createHash('sha256').update(hash).update(data).update(metadata).digest('hex');
            insert.run(++position, 'dist', data, metadata, hash);
          }
        })(),
      ),
    appendSchema: async () => {
      const file = join(dir, `schema-${schemaRun++}.sqlite`);
      await (await SqliteEventStore.open(file)).close(); // creates the adapter's table
      const own = new Database(file);
      try {
        own.pragma('journal_mode = WAL');
        own.pragma('synchronous = FULL');
        const insertOwn = own.prepare('INSERT INTO events (position, id, stream_id, stream_version, type, version, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
        let ownPosition = 0;
        let ownHash = '';
        const batch = own.transaction((events: readonly Event[]) => {
          for (const event of events) {
            const data = JSON.stringify(event.data);
            const metadata = JSON.stringify(event.metadata);
            const prevHash = ownHash;
            ownHash = createHash('sha256').update(prevHash).update(data).update(metadata).digest('hex');
            insertOwn.run(++ownPosition, newEventId(), 'dist-bookworm-test-unstable', ownPosition - 1, event.type, event.version, data, metadata, prevHash, ownHash);
          }
        });
        return timed(() => {
          for (let done = 0; done < READ_EVENTS; done += 1_000) batch(rows.slice(done, done + 1_000));
        });
      } finally {
        own.close();
      }
    },
    read: () =>
      timed(() => {
        for (const row of select.all(READ_EVENTS) as string[][]) {
          JSON.parse(row[2]!);
          JSON.parse(row[3]!);
        }
      }),
    close: async () => {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<BenchResult[]> {
  const floors = await rawSqliteFloors();
  const results: BenchResult[] = [];
  try {
    results.push(...(await measure(sqlite, floors)));
  } finally {
    await floors.close();
  }
  const postgresUrl = process.env.MBD_BENCH_POSTGRES_URL ?? process.env.MBD_TEST_POSTGRES_URL;
  if (postgresUrl) results.push(...(await measure(postgres(postgresUrl))));
  else results.push({ name: 'PostgreSQL', value: 0, unit: '-', note: 'skipped: set MBD_BENCH_POSTGRES_URL (or MBD_TEST_POSTGRES_URL) to a server' });
  return results;
}
