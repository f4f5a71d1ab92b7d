import { Global, Module, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';
import { EventStore } from './store/event-store.port.js';
import { openEventStore } from './store/open-event-store.js';

/**
 * Provides the EventStore (the abstract class is the token) chosen by MBD_EVENTSTORE: SQLite in
 * `<dataDir>/events.sqlite` (the default), PostgreSQL or KurrentDB. Start-up stops with
 * EventStoreUnavailableError if the store cannot be opened; the store is closed on shutdown.
 */
@Global()
@Module({})
export class EventsModule implements OnModuleDestroy {
  constructor(private readonly store: EventStore) {}

  static forRoot(config: MbdConfig): DynamicModule {
    return {
      module: EventsModule,
      providers: [{ provide: EventStore, useFactory: () => openEventStore(config) }],
      exports: [EventStore],
    };
  }

  onModuleDestroy(): Promise<void> {
    return this.store.close();
  }
}
