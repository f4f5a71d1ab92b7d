import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventStore, readAllPages } from '@mbd/events';
import type { Subscription } from 'rxjs';
import { evolveConfiguration, initialConfiguration, type ConfigurationState } from './configuration-state.js';

/**
 * The archive's current configuration (repositories, uploaders, chroots, archive key), folded from
 * the log at start-up and kept current by following it.
 */
@Injectable()
export class ConfigurationService implements OnModuleInit, OnApplicationShutdown {
  private state = initialConfiguration();
  private position = 0;
  private subscription?: Subscription;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(private readonly store: EventStore) {}

  async onModuleInit(): Promise<void> {
    await this.catchUp();
    this.subscription = this.store.subscribeAll(this.position).subscribe((event) => {
      if (event.position <= this.position) return;
      this.state = evolveConfiguration(this.state, event);
      this.advance(event.position);
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  current(): ConfigurationState {
    return this.state;
  }

  /** Folds whatever was appended since the last look (used before the live subscription runs). */
  async catchUp(): Promise<ConfigurationState> {
    for await (const event of readAllPages(this.store, this.position)) {
      if (event.position <= this.position) continue;
      this.state = evolveConfiguration(this.state, event);
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
