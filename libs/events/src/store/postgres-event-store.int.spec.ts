import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason, postgresUrl } from '../../../../test/support/postgres.js';
import type { Event } from '../event.js';
import { EventStoreUnavailableError } from './errors.js';
import { eventStoreContract } from './event-store.contract.js';
import { verifyChain } from './hash-chain.js';
import { PostgresEventStore } from './postgres-event-store.adapter.js';
import { readAllPages } from './read-all-pages.js';

const available = postgresUrl() !== undefined;

const installed = (n: number, tag: string): Event[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'PackageInstalled',
    version: 1,
    data: { source: 'hello', version: `2.10-${i}`, tag },
    metadata: { actor: { kind: 'daemon' }, correlationId: tag, occurredAt: '2026-11-25T12:00:00.000Z' },
  }));

async function sql(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

if (!available) describe.skip(`PostgreSQL event store (contract) (skipped: ${postgresSkipReason()})`, () => it('runs the shared contract suite against PostgreSQL', () => undefined));
else {
  eventStoreContract('PostgreSQL', async () => {
    const url = await createTestDatabase('mbd_events');
    return {
      store: await PostgresEventStore.open(url),
      reopen: () => PostgresEventStore.open(url),
      tamper: (position: number) => sql(url, `UPDATE events SET data = '{"source":"evil","version":"6.6.6"}' WHERE position = $1`, [position]),
      cleanup: () => Promise.resolve(),
    };
  });
}

describe.skipIf(!available)(`PostgreSQL event store shared by several daemons${available ? '' : ` (skipped: ${postgresSkipReason()})`}`, () => {
  it('serializes appends of two daemons into one chain and shows each the other\'s appends live', async () => {
    const url = await createTestDatabase('mbd_events');
    const first = await PostgresEventStore.open(url);
    const second = await PostgresEventStore.open(url);
    try {
      const seenByFirst = firstValueFrom(first.subscribeAll(0).pipe(take(400), toArray(), timeout(30_000)));
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).append(`upload-${randomUUID()}`, installed(20, `daemon-${i % 2}`), 'no-stream')),
      );

      const seen = await seenByFirst;
      expect(seen.map((e) => e.position)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
      expect(seen.filter((e) => (e.data as { tag: string }).tag === 'daemon-1')).toHaveLength(200);
      expect(await verifyChain(readAllPages(second))).toEqual({ ok: true, count: 400 });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('refuses to start when the server is unreachable, naming MBD_POSTGRES_URL without the password', async () => {
    const opened = PostgresEventStore.open('postgres://mbd:s3cret@127.0.0.1:1/mbd');
    await expect(opened).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opened).rejects.toThrow(/MBD_POSTGRES_URL=postgres:\/\/mbd:\*\*\*@127\.0\.0\.1:1\/mbd/);
    await expect(opened).rejects.not.toThrow(/s3cret/);
  });
});
