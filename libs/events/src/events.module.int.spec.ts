import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { configSchema } from '@mbd/config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason, postgresUrl } from '../../../test/support/postgres.js';
import { EventsModule } from './events.module.js';
import { EventStoreUnavailableError } from './store/errors.js';
import { EventStore } from './store/event-store.port.js';
import { PostgresEventStore } from './store/postgres-event-store.adapter.js';
import { SqliteEventStore } from './store/sqlite-event-store.adapter.js';

const installed = {
  type: 'PackageInstalled',
  version: 1,
  data: { source: 'hello', version: '2.10-3' },
  metadata: { actor: { kind: 'daemon' as const }, correlationId: 'c', occurredAt: '2026-11-25T12:00:00.000Z' },
};

describe('EventsModule', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mbd-events-module-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const start = async (settings: Record<string, unknown>) => {
    const module = await Test.createTestingModule({ imports: [EventsModule.forRoot(configSchema.parse(settings))] }).compile();
    return module.init();
  };

  it('provides the embedded SQLite store in <dataDir>/events.sqlite by default and closes it on shutdown', async () => {
    const app = await start({ dataDir: join(dataDir, 'fresh') });
    const store = app.get(EventStore);
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.append('upload-1', [installed], 'no-stream');
    expect(existsSync(join(dataDir, 'fresh', 'events.sqlite'))).toBe(true);

    await app.close();
    await expect(store.readAll()).rejects.toThrow(/not open/);
  });

  it.skipIf(!postgresUrl())(`provides the PostgreSQL store when MBD_EVENTSTORE=postgres${postgresUrl() ? '' : ` (skipped: ${postgresSkipReason()})`}`, async () => {
    const app = await start({ dataDir, eventStore: 'postgres', postgresUrl: await createTestDatabase('mbd_events') });
    const store = app.get(EventStore);
    expect(store).toBeInstanceOf(PostgresEventStore);
    expect(await store.append('upload-1', [installed], 'no-stream')).toMatchObject({ position: 1 });
    await app.close();
  });

  it('stops start-up with a reason naming the missing setting', async () => {
    const started = start({ dataDir, eventStore: 'postgres' });
    await expect(started).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(started).rejects.toThrow(/MBD_POSTGRES_URL/);
  });
});
