import { Logger } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@mbd/events';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { concatMap, type Subscription } from 'rxjs';

export interface FollowerStatus {
  readonly checkpoint: number;
  readonly lastError?: string;
  readonly failingSince?: string;
}

/**
 * Follows the log from a checkpoint file and hands each event, in order, to `handle`; the checkpoint
 * is written after each handled event. Handlers are idempotent (they decide from the stream's state),
 * so an event handled again after a crash between handling and checkpoint changes nothing.
 * A failing handler is retried with back-off; the log is never touched by the follower itself.
 */
export class LogFollower {
  private readonly logger: Logger;
  private subscription?: Subscription;
  private checkpoint = 0;
  private lastError?: string;
  private failingSince?: string;
  private retryTimer?: NodeJS.Timeout;
  private stopped = false;
  private caughtUpResolvers: { position: number; resolve: () => void }[] = [];

  constructor(
    private readonly store: EventStore,
    readonly name: string,
    private readonly checkpointFile: string,
    private readonly handle: (event: RecordedEvent) => Promise<void>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.stopped = false;
    this.checkpoint = this.readCheckpoint();
    this.follow(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.subscription?.unsubscribe();
  }

  status(): FollowerStatus {
    return { checkpoint: this.checkpoint, lastError: this.lastError, failingSince: this.failingSince };
  }

  /** Resolves once the follower has handled the event at `position`. */
  handled(position: number): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpResolvers.push({ position, resolve }));
  }

  private follow(failures: number): void {
    this.subscription = this.store
      .subscribeAll(this.checkpoint)
      .pipe(
        concatMap(async (event) => {
          await this.handle(event);
          this.writeCheckpoint(event.position);
        }),
      )
      .subscribe({
        next: () => {
          if (this.lastError) this.logger.log(`recovered after: ${this.lastError}`);
          this.lastError = undefined;
          this.failingSince = undefined;
          failures = 0;
        },
        error: (error: unknown) => {
          if (this.stopped) return;
          this.lastError = error instanceof Error ? error.message : String(error);
          this.failingSince ??= new Date().toISOString();
          const delay = Math.min(30_000, 500 * 2 ** failures);
          this.logger.error(`failed at position ${this.checkpoint + 1}, retrying in ${delay} ms: ${this.lastError}`);
          this.retryTimer = setTimeout(() => this.follow(failures + 1), delay);
        },
      });
  }

  private readCheckpoint(): number {
    try {
      return Number(JSON.parse(readFileSync(this.checkpointFile, 'utf8')).position) || 0;
    } catch {
      return 0;
    }
  }

  private writeCheckpoint(position: number): void {
    mkdirSync(dirname(this.checkpointFile), { recursive: true });
    const temp = `${this.checkpointFile}.tmp`;
    writeFileSync(temp, JSON.stringify({ position }));
    renameSync(temp, this.checkpointFile);
    this.checkpoint = position;
    const [done, waiting] = [this.caughtUpResolvers.filter((w) => w.position <= position), this.caughtUpResolvers.filter((w) => w.position > position)];
    this.caughtUpResolvers = waiting;
    for (const waiter of done) waiter.resolve();
  }
}
