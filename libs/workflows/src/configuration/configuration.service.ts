import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventStore, LogFollower, MemoryCheckpoint, readAllPages } from '@mbd/events';
import { evolveConfiguration, initialConfiguration, type ConfigurationState } from './configuration-state.js';

/**
 * The archive's current configuration (repositories, uploaders, chroots, archive key), folded from
 * the log at start-up and kept current by following it.
 */
@Injectable()
export class ConfigurationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('configuration');
  private state = initialConfiguration();
  private position = 0;
  /** Keeps the configuration current (set once the log was folded at start-up). */
  follower?: LogFollower;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(private readonly store: EventStore) {}

  async onModuleInit(): Promise<void> {
    await this.catchUp();
    this.follower = new LogFollower({
      name: 'configuration',
      store: this.store,
      checkpoint: new MemoryCheckpoint(this.position),
      handle: async (events) => {
        for (const event of events) {
          if (event.position <= this.position) continue;
          this.state = evolveConfiguration(this.state, event);
          this.advance(event.position);
        }
      },
    });
    await this.follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
  }

  current(): ConfigurationState {
    return this.state;
  }

  /** Folds whatever was appended since the last look (used before the live subscription runs). */
  async catchUp(): Promise<ConfigurationState> {
    for await (const event of readAllPages(this.store, this.position)) {
      if (event.position <= this.position) continue;
      try {
        this.state = evolveConfiguration(this.state, event);
      } catch (error) {
        this.logger.error(`configuration: skipped the ${event.type} at position ${event.position}: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.advance(event.position);
    }
    return this.state;
  }

  /** Resolves once the configuration includes the event at `position`. */
  async at(position: number): Promise<ConfigurationState> {
    if (this.position < position) await new Promise<void>((resolve) => this.waiters.push({ position, resolve }));
    return this.state;
  }

  private advance(position: number): void {
    if (position <= this.position) return;
    this.position = position;
    const ready = this.waiters.filter((w) => w.position <= position);
    this.waiters = this.waiters.filter((w) => w.position > position);
    for (const waiter of ready) waiter.resolve();
  }
}
