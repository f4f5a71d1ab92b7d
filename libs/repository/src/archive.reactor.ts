import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LogFollower, type EventStore, type FollowerStatus, type RetryPolicy } from '@mbd/events';
import { applyEvents } from './materialize/apply-events.js';
import type { ArchiveTrees } from './materialize/archive-trees.js';
import { treesCheckpoint } from './materialize/checkpoint-file.js';
import { changesPublishedTrees } from './materialize/plan-archive-operations.js';

export interface ArchiveReactorOptions {
  readonly store: EventStore;
  readonly trees: ArchiveTrees;
  /** Back-off for a failing event before it is parked (default: the follower's). */
  readonly retry?: Partial<RetryPolicy>;
  /** Most events applied (and exported) in one batch. */
  readonly maxBatch?: number;
}

/**
 * The archive reactor: follows the log from its checkpoint (`.mbd-checkpoint` beside the trees) and
 * applies installs, migrations, removals and rollbacks to the reprepro trees. Events that arrive while
 * reprepro works are applied together and exported once; a batch that fails is applied event by event,
 * and an event reprepro keeps refusing is parked with reprepro's message (EventParked) instead of
 * holding back every later event in every repository. Every archive operation is idempotent, so a
 * crash between the trees and the checkpoint replays harmlessly.
 */
export class ArchiveReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly follower: LogFollower;

  constructor(options: ArchiveReactorOptions) {
    this.follower = new LogFollower({
      name: 'archive',
      store: options.store,
      checkpoint: treesCheckpoint(options.trees.root),
      accepts: changesPublishedTrees,
      handle: (events) => applyEvents(options.trees, events),
      maxBatch: options.maxBatch ?? 1000,
      ...(options.retry ? { retry: options.retry } : {}),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  /** Stops following; a batch being applied is finished first (or abandoned between retries). */
  stop(): Promise<void> {
    return this.follower.stop();
  }

  status(): Promise<FollowerStatus> {
    return this.follower.status();
  }

  /** Resolves once the trees show every event up to `position` (or it was parked). */
  caughtUp(position: number): Promise<void> {
    return this.follower.caughtUp(position);
  }
}
