import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventStore, LogFollower, MemoryCheckpoint, readAllPages, type RecordedEvent } from '@mbd/events';
import { evolveNotificationSettings, initialNotificationSettings, type NotificationSettings } from './notification-settings.js';

/**
 * Subscriptions, webhooks and recent deliveries, folded from the log at start-up and kept current by
 * following it (as the ConfigurationService does for the configuration).
 */
@Injectable()
export class NotificationSettingsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('notification-settings');
  private state = initialNotificationSettings();
  private position = 0;
  private follower?: LogFollower;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(private readonly store: EventStore) {}

  async onModuleInit(): Promise<void> {
    for await (const event of readAllPages(this.store, this.position)) this.fold(event);
    this.follower = new LogFollower({
      name: 'notification-settings',
      store: this.store,
      checkpoint: new MemoryCheckpoint(this.position),
      handle: (events) => {
        for (const event of events) this.fold(event);
        return Promise.resolve();
      },
    });
    await this.follower.start();
  }

  /** Stops following; whoever still waits (a reactor mid-event) gets the settings as they are, instead of waiting forever. */
  async onApplicationShutdown(): Promise<void> {
    await this.follower?.stop();
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  current(): NotificationSettings {
    return this.state;
  }

  /** Resolves once the settings include the event at `position` (an API call answers after its own write). */
  async at(position: number): Promise<NotificationSettings> {
    if (this.position < position) await new Promise<void>((resolve) => this.waiters.push({ position, resolve }));
    return this.state;
  }

  private fold(event: RecordedEvent): void {
    if (event.position <= this.position) return;
    try {
      this.state = evolveNotificationSettings(this.state, event);
    } catch (error) {
      this.logger.error(`skipped the ${event.type} at position ${event.position}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.position = event.position;
    const ready = this.waiters.filter((waiter) => waiter.position <= this.position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > this.position);
    for (const waiter of ready) waiter.resolve();
  }
}
