/**
 * Projection rebuild speed: the audit log rebuilt from 20,000 events (a SQLite event store in a temp
 * dir), into read models on SQLite and, when MBD_BENCH_POSTGRES_URL or MBD_TEST_POSTGRES_URL names a
 * server, on PostgreSQL (a fresh database there, dropped after). Figures are medians of 3 rebuilds.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SqliteEventStore, type Event } from '@mbd/events';
import { ProjectionRunner, auditLogProjection, openReadModels, type ReadModelsConfig } from '@mbd/projections';
import { medianMs, type BenchResult } from './bench-result.js';

const RUNS = 3;
const EVENTS = 20_000;

const event = (i: number): Event => ({
  type: 'PackageInstalled',
  version: 1,
  data: {
    distribution: 'bookworm-test-unstable',
    source: 'hello',
    version: `2.10-${i}`,
    files: [{ name: `hello_2.10-${i}_amd64.deb`, sha256: 'a'.repeat(64), size: 53_212 }],
    binaries: [{ package: 'hello', version: `2.10-${i}`, architecture: 'amd64' }],
  },
  metadata: { actor: { kind: 'user', name: 'admin' }, correlationId: `upload-${i % 500}`, occurredAt: new Date(Date.UTC(2026, 10, 25) + i * 1000).toISOString() },
});

const admin = async (serverUrl: string, sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

async function rebuildSpeed(store: SqliteEventStore, config: ReadModelsConfig): Promise<number> {
  const dataSource = await openReadModels(config);
  const runner = new ProjectionRunner(dataSource, store, [auditLogProjection]);
  try {
    await runner.start();
    await runner.waitForPosition(EVENTS, 300_000);
    const ms = await medianMs(RUNS, async () => {
      await runner.rebuild('audit-log');
    });
    return EVENTS / (ms / 1000);
  } finally {
    await runner.stop();
    await dataSource.destroy();
  }
}

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mbd-bench-projections-'));
  const store = await SqliteEventStore.open(join(dir, 'events.sqlite'));
  const results: BenchResult[] = [];
  try {
    for (let start = 0; start < EVENTS; start += 1000)
      await store.append('dist-bookworm-test-unstable', Array.from({ length: 1000 }, (_, i) => event(start + i)), 'any');
    const note = `${EVENTS.toLocaleString('en')} events, median of ${RUNS}`;
    const sqlite = await rebuildSpeed(store, { dataDir: dir, readModels: 'sqlite' });
    results.push({ name: 'audit-log rebuild, SQLite read models', value: sqlite, unit: 'events/s', note });
    const server = process.env.MBD_BENCH_POSTGRES_URL ?? process.env.MBD_TEST_POSTGRES_URL;
    if (server) {
      const name = `mbd_bench_rm_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      await admin(server, `CREATE DATABASE ${name}`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      try {
        const postgres = await rebuildSpeed(store, { dataDir: dir, readModels: 'postgres', postgresUrl: url.toString() });
        results.push({ name: 'audit-log rebuild, PostgreSQL read models', value: postgres, unit: 'events/s', note });
      } finally {
        await admin(server, `DROP DATABASE ${name}`);
      }
    }
    return results;
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
