import { join } from 'node:path';
import type { MbdConfig } from '@mbd/config';
import { EventStoreUnavailableError } from './errors.js';
import type { EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.adapter.js';
import { PostgresEventStore } from './postgres-event-store.adapter.js';
import { SqliteEventStore } from './sqlite-event-store.adapter.js';

/** The SQLite event store's file in the data directory. */
export const sqliteEventStoreFile = (config: Pick<MbdConfig, 'dataDir'>): string => join(config.dataDir, 'events.sqlite');

/** Opens the adapter MBD_EVENTSTORE names; a missing URL or an unusable store throws EventStoreUnavailableError. */
export function openEventStore(config: MbdConfig): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      return SqliteEventStore.open(sqliteEventStoreFile(config));
    case 'postgres':
      if (!config.postgresUrl) return Promise.reject(new EventStoreUnavailableError('MBD_EVENTSTORE=postgres needs MBD_POSTGRES_URL (postgres://user:password@host:5432/database)'));
      return PostgresEventStore.open(config.postgresUrl);
    case 'kurrentdb':
      if (!config.eventStoreUrl) return Promise.reject(new EventStoreUnavailableError('MBD_EVENTSTORE=kurrentdb needs MBD_EVENTSTORE_URL (kurrentdb://host:2113?tls=false)'));
      return KurrentDbEventStore.open(config.eventStoreUrl);
  }
}
