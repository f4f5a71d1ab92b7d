import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@mbd/events';
import type { Subscription } from 'rxjs';
import { applyEvents } from './materialize/apply-events.js';
import type { ArchiveTrees } from './materialize/archive-trees.js';
import { readCheckpoint, writeCheckpoint } from './materialize/checkpoint-file.js';

export interface ArchiveReactorStatus {
  readonly state: 'stopped' | 'following' | 'retrying';
  /** Position of the last event applied to the trees (and written to `.mbd-checkpoint`). */
  readonly checkpoint: number;
  /** Position of the last event seen in the log. */
  readonly seen: number;
  /** Events seen but not yet applied. */
  readonly lag: number;
  /** The last failure, while the reactor is retrying. */
  readonly lastError?: string;
  /** When the failing batch first failed (ISO 8601). */
  readonly retryingSince?: string;
  readonly attempts: number;
}

export interface ArchiveReactorOptions {
  readonly store: EventStore;
  readonly trees: ArchiveTrees;
  /** Back-off after a failed batch: starts at `initialDelayMs`, doubles, stops growing at `maxDelayMs`. */
  readonly retry?: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  /** Most events applied (and exported) in one batch. */
  readonly maxBatch?: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The archive reactor: follows the log from its checkpoint and applies installs, migrations, removals
 * and rollbacks to the reprepro trees. Events that arrive while reprepro works are applied together
 * and exported once. The checkpoint is written after the trees: a crash in between replays the batch,
 * which is harmless because every archive operation is idempotent. A failing batch is retried with
 * back-off; the log is never touched, and the failure shows in `status()`.
 */
export class ArchiveReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ArchiveReactor');
  private readonly pending: RecordedEvent[] = [];
  private readonly waiters: { position: number; resolve: () => void }[] = [];
  private subscription?: Subscription;
  private running?: Promise<void>;
  private wake?: () => void;
  private state: ArchiveReactorStatus['state'] = 'stopped';
  private checkpoint = 0;
  private seen = 0;
  private attempts = 0;
  private lastError?: string;
  private retryingSince?: string;

  constructor(private readonly options: ArchiveReactorOptions) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    this.checkpoint = await readCheckpoint(this.options.trees.root);
    this.seen = Math.max(this.seen, this.checkpoint);
    this.state = 'following';
    this.subscription = this.options.store.subscribeAll(this.checkpoint).subscribe({
      next: (event) => {
        this.seen = Math.max(this.seen, event.position);
        this.pending.push(event);
        this.pump();
      },
      error: (error: unknown) => {
        this.lastError = `the event log subscription failed: ${messageOf(error)}`;
        this.logger.error(this.lastError);
      },
    });
  }

  /** Stops following; a batch being applied is finished first (or abandoned between retries). */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.state = 'stopped';
    this.wake?.();
    await this.running;
    this.pending.length = 0;
  }

  status(): ArchiveReactorStatus {
    return {
      state: this.state,
      checkpoint: this.checkpoint,
      seen: this.seen,
      lag: this.seen - this.checkpoint,
      attempts: this.attempts,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.retryingSince === undefined ? {} : { retryingSince: this.retryingSince }),
    };
  }

  /** Resolves once the trees show every event up to `position`. */
  caughtUp(position: number): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  private stopped(): boolean {
    return this.state === 'stopped';
  }

  private pump(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.pending.length > 0 && this.state !== 'stopped') this.pump();
    });
  }

  private async drain(): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 1000;
    while (this.pending.length > 0 && this.state !== 'stopped') {
      const batch = this.pending.splice(0, maxBatch).filter((event) => event.position > this.checkpoint);
      if (batch.length === 0) continue;
      if (!(await this.applyWithRetry(batch))) return;
      this.checkpoint = batch.at(-1)!.position;
      this.waiters.filter((waiter) => waiter.position <= this.checkpoint).forEach((waiter) => waiter.resolve());
      this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((waiter) => waiter.position > this.checkpoint));
    }
  }

  /** Applies the batch and writes the checkpoint, retrying with back-off; false if stopped meanwhile. */
  private async applyWithRetry(batch: readonly RecordedEvent[]): Promise<boolean> {
    const { initialDelayMs, maxDelayMs } = this.options.retry ?? { initialDelayMs: 500, maxDelayMs: 30_000 };
    let delay = initialDelayMs;
    for (;;) {
      try {
        await applyEvents(this.options.trees, batch);
        await writeCheckpoint(this.options.trees.root, batch.at(-1)!.position);
        if (this.lastError !== undefined) this.logger.log(`recovered after ${this.attempts} failed attempts`);
        this.lastError = undefined;
        this.retryingSince = undefined;
        this.attempts = 0;
        if (this.state === 'retrying') this.state = 'following';
        return true;
      } catch (error) {
        if (this.state === 'stopped') return false;
        this.attempts += 1;
        this.lastError = `events ${batch[0]!.position}–${batch.at(-1)!.position}: ${messageOf(error)}`;
        this.retryingSince ??= new Date().toISOString();
        this.state = 'retrying';
        this.logger.warn(`${this.lastError} (attempt ${this.attempts}, next in ${delay} ms)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
        if (this.stopped()) return false;
        delay = Math.min(delay * 2, maxDelayMs);
      }
    }
  }
}
