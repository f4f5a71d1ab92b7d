import { Logger } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { RecordedEvent } from '../event.js';
import { EventParked } from '../catalogue/follower/event-parked.event.js';
import { ParkedEventRetried } from '../catalogue/follower/parked-event-retried.event.js';
import { followerStream } from '../catalogue/streams.js';
import { recordParked, recordUnparked } from './parking.js';
import type { EventStore } from '../store/event-store.port.js';
import type { Checkpoint } from './checkpoint.js';

/** How a failing event is retried before it is parked. */
export interface RetryPolicy {
  /** Attempts before the event is given up and parked (default 8). */
  readonly attempts: number;
  /** The first delay; it doubles after each failure up to `maxDelayMs`. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** About a minute of back-off (0.5 s doubling to 30 s) before an event is given up: a restart of the store or a full disk freed meanwhile is survived. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, initialDelayMs: 500, maxDelayMs: 30_000 };

/** Events queued from the subscription at most; beyond, the subscription pauses until they are handled (catching up a long log). */
const MAX_PENDING = 5_000;

/**
 * Thrown by a handler for a failure that no retry can cure (the input is wrong, not the world):
 * the follower gives up on the event at once instead of retrying it.
 */
export class UnprocessableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableEventError';
  }
}

/**
 * Thrown by a handler when the world is left in a state that giving up would make worse (a tree changed
 * on disk but not made durable): the follower retries the event without end, with back-off, and never
 * parks it, so its checkpoint never passes an effect that may not have happened. Its status shows why.
 */
export class UnfinishedEffectError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnfinishedEffectError';
  }
}

export interface LogFollowerOptions {
  /** `packager`, `install`, `archive`…: names the follower in logs, status, its checkpoint and its stream. */
  readonly name: string;
  readonly store: EventStore;
  readonly checkpoint: Checkpoint;
  /** Handles events in log order; a batch holds at most `maxBatch` events the follower accepts. Must be idempotent. */
  readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Which events the handler wants (default: all); the others only move the checkpoint. */
  readonly accepts?: (event: RecordedEvent) => boolean;
  /**
   * Records what giving up on `event` means for its upload or the archive (an UploadRejected, an
   * UploadFailed…), before the follower parks it. A failure here is retried like the handler's.
   */
  readonly giveUp?: (event: RecordedEvent, reason: string) => Promise<void>;
  /** Most events handed to `handle` at once (default 1); a failing batch is retried one event at a time. */
  readonly maxBatch?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Start here instead of the stored checkpoint when none is stored (e.g. the head, for followers that only react to new events). */
  readonly startAt?: () => Promise<number>;
}

export interface ParkedEvent {
  readonly position: number;
  readonly eventType: string;
  readonly reason: string;
  readonly parkedAt: string;
}

export interface FollowerStatus {
  readonly name: string;
  readonly state: 'stopped' | 'following' | 'retrying';
  /** Position of the last event handled (or skipped) and made durable. */
  readonly position: number;
  /** Events in the log the follower has not handled yet. */
  readonly lag: number;
  readonly lastError?: string;
  readonly failingSince?: string;
  readonly attempts: number;
  readonly parked: readonly ParkedEvent[];
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The one way mbd follows its log: every process manager, reactor and live view uses it. It reads
 * from a durable checkpoint, hands events in order to an idempotent handler, and writes the
 * checkpoint after them. A failing event is retried with back-off; when it still fails (or the handler
 * says it never can), the follower records what that means (`giveUp`), parks the event with an
 * EventParked event naming the reason, and goes on: no input can stop it. An operator's
 * ParkedEventRetried hands the parked event to the handler again. A broken subscription is resubscribed.
 */
export class LogFollower {
  private readonly logger: Logger;
  private readonly retry: RetryPolicy;
  private readonly maxBatch: number;
  private readonly pending: RecordedEvent[] = [];
  private readonly parked = new Map<number, ParkedEvent>();
  private waiters: { position: number; resolve: () => void }[] = [];
  private subscription?: Subscription;
  private draining?: Promise<void>;
  private resubscribeTimer?: NodeJS.Timeout;
  private wake?: () => void;
  private stopped = true;
  private paused = false;
  private position = 0;
  private written = 0;
  private attempts = 0;
  private lastError?: string;
  private failingSince?: string;

  constructor(private readonly options: LogFollowerOptions) {
    this.logger = new Logger(options.name);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.maxBatch = options.maxBatch ?? 1;
  }

  get name(): string {
    return this.options.name;
  }

  /** Reads the checkpoint (a corrupt one throws: start-up stops) and the parked events, then follows the log. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    const stored = await this.options.checkpoint.read();
    this.position = stored === 0 && this.options.startAt ? await this.options.startAt() : stored;
    this.written = this.position;
    await this.loadParked();
    this.stopped = false;
    this.subscribe();
  }

  /** Stops after the event in hand; a follower waiting to retry stops at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.resubscribeTimer);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.wake?.();
    await this.draining;
    this.pending.length = 0;
    await this.persist().catch(() => undefined);
  }

  async status(): Promise<FollowerStatus> {
    const head = await this.options.store.headPosition();
    return {
      name: this.name,
      state: this.stopped ? 'stopped' : this.failingSince ? 'retrying' : 'following',
      position: this.position,
      lag: Math.max(0, head - this.position),
      attempts: this.attempts,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      ...(this.failingSince === undefined ? {} : { failingSince: this.failingSince }),
      parked: [...this.parked.values()],
    };
  }

  /** Resolves once the follower has handled (or parked, or skipped) the event at `position`. */
  caughtUp(position: number): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  private async loadParked(): Promise<void> {
    for (const event of await this.options.store.readStream(followerStream(this.name))) this.trackParking(event);
  }

  private trackParking(event: RecordedEvent): void {
    if (EventParked.is(event) && event.data.follower === this.name) {
      const { position, eventType, reason } = event.data;
      this.parked.set(position, { position, eventType, reason, parkedAt: event.metadata.occurredAt });
    } else if (ParkedEventRetried.is(event) && event.data.follower === this.name) {
      this.parked.delete(event.data.position);
    }
  }

  private subscribe(): void {
    this.subscription = this.options.store.subscribeAll(this.position).subscribe({
      next: (event) => {
        this.pending.push(event);
        if (this.pending.length >= MAX_PENDING) this.pause();
        this.kick();
      },
      error: (error: unknown) => {
        if (this.stopped) return;
        this.lastError = `the log subscription failed: ${messageOf(error)}`;
        this.logger.error(`${this.lastError}; resubscribing`);
        this.subscription = undefined;
        this.resubscribeTimer = setTimeout(() => void this.resubscribe(), this.retry.initialDelayMs);
      },
    });
  }

  private async resubscribe(): Promise<void> {
    await this.draining;
    if (this.stopped) return;
    this.pending.length = 0;
    this.subscribe();
  }

  /** Stops reading the log while MAX_PENDING events wait; drain() follows on from the last of them. */
  private pause(): void {
    this.paused = true;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private kick(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      if (this.stopped) return;
      if (this.pending.length > 0) this.kick();
      else if (this.paused) {
        this.paused = false;
        this.subscribe();
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.stopped) {
      const { batch, last } = this.takeBatch();
      if (batch.length > 0 && !(await this.handleBatch(batch))) return;
      if (last > this.position) this.position = last;
      if (batch.length > 0 || this.pending.length === 0 || last - this.written >= 1000) {
        await this.persist().catch((error: unknown) => this.logger.error(`could not write the checkpoint ${last}: ${messageOf(error)}`));
      }
      this.settleWaiters();
    }
  }

  /** The next events the handler accepts (at most maxBatch), and the position up to which the queue was taken. */
  private takeBatch(): { batch: RecordedEvent[]; last: number } {
    const batch: RecordedEvent[] = [];
    let last = this.position;
    while (this.pending.length > 0 && batch.length < this.maxBatch) {
      const event = this.pending[0]!;
      if (event.position <= this.position) {
        this.pending.shift();
        continue;
      }
      if (this.isRetryOfMine(event)) {
        if (batch.length > 0) break;
        this.pending.shift();
        return { batch: [event], last: event.position };
      }
      this.pending.shift();
      last = event.position;
      if (this.options.accepts?.(event) ?? true) batch.push(event);
    }
    return { batch, last };
  }

  private isRetryOfMine(event: RecordedEvent): boolean {
    return (EventParked.is(event) || ParkedEventRetried.is(event)) && (event.data as { follower: string }).follower === this.name;
  }

  /** False when stopped before the batch was done (the checkpoint stays before it). */
  private async handleBatch(batch: readonly RecordedEvent[]): Promise<boolean> {
    if (batch.length === 1 && this.isRetryOfMine(batch[0]!)) return this.handleParking(batch[0]!);
    if (batch.length > 1) {
      try {
        await this.options.handle(batch);
        this.recovered();
        return true;
      } catch (error) {
        this.logger.warn(`a batch of ${batch.length} events (${batch[0]!.position}–${batch.at(-1)!.position}) failed, handling them one by one: ${messageOf(error)}`);
      }
    }
    for (const event of batch) if (!(await this.handleOne(event))) return false;
    return true;
  }

  private async handleParking(event: RecordedEvent): Promise<boolean> {
    this.trackParking(event);
    if (!ParkedEventRetried.is(event)) return true;
    const [target] = await this.options.store.readAll({ after: event.data.position - 1, limit: 1 });
    if (!target || target.position !== event.data.position) return true;
    this.logger.log(`retrying the parked event at position ${target.position} (${target.type})`);
    return this.handleOne(target);
  }

  /** Handles one event with retries; gives up and parks it when it keeps failing. False when stopped meanwhile. */
  private async handleOne(event: RecordedEvent): Promise<boolean> {
    let delay = this.retry.initialDelayMs;
    for (let attempts = 1; ; attempts += 1) {
      let failure: string;
      let unfinished: boolean;
      try {
        await this.options.handle([event]);
        this.recovered();
        if (this.parked.has(event.position)) await this.unpark(event);
        return true;
      } catch (error) {
        failure = messageOf(error);
        this.failing(event, failure, attempts);
        if (error instanceof UnprocessableEventError) attempts = Math.max(attempts, this.retry.attempts);
        unfinished = error instanceof UnfinishedEffectError;
      }
      if (this.stopped) return false;
      if (attempts >= this.retry.attempts && !unfinished && (await this.park(event, failure, attempts))) return true;
      if (this.stopped) return false;
      await this.sleep(delay);
      if (this.stopped) return false;
      delay = Math.min(delay * 2, this.retry.maxDelayMs);
    }
  }

  /** Records what giving up means and parks the event; false when that could not be recorded (the store is down: retried). */
  private async park(event: RecordedEvent, reason: string, attempts: number): Promise<boolean> {
    try {
      await this.options.giveUp?.(event, reason);
      const parkedAt = await recordParked(this.options.store, this.name, event, reason, attempts);
      this.parked.set(event.position, { position: event.position, eventType: event.type, reason, parkedAt });
      this.logger.error(`parked the ${event.type} at position ${event.position} after ${attempts} attempt(s): ${reason}`);
      this.recovered();
      return true;
    } catch (error) {
      this.lastError = `could not park the event at position ${event.position}: ${messageOf(error)} (after: ${reason})`;
      this.logger.error(this.lastError);
      return false;
    }
  }

  private failing(event: RecordedEvent, reason: string, attempts: number): void {
    if (this.stopped) return;
    this.attempts = attempts;
    this.lastError = `position ${event.position} (${event.type}): ${reason}`;
    this.failingSince ??= new Date().toISOString();
    this.logger.warn(`${this.lastError} (attempt ${attempts} of ${this.retry.attempts})`);
  }

  private recovered(): void {
    this.attempts = 0;
    this.lastError = undefined;
    this.failingSince = undefined;
  }

  /**
   * A parked event was handled after all (handled again after a restart, before its checkpoint was
   * written): it is parked no more, and the log says so, so that a replay and a retry see it too.
   */
  private async unpark(event: RecordedEvent): Promise<void> {
    await recordUnparked(this.options.store, this.name, event).catch((error: unknown) => {
      this.logger.warn(`could not record that the parked event at position ${event.position} was handled: ${messageOf(error)}`);
    });
    this.parked.delete(event.position);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).then(() => {
      this.wake = undefined;
    });
  }

  /** Resolves the callers of caughtUp() up to the current position (after its checkpoint was written). */
  private settleWaiters(): void {
    const ready = this.waiters.filter((waiter) => waiter.position <= this.position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > this.position);
    for (const waiter of ready) waiter.resolve();
  }

  private async persist(): Promise<void> {
    if (this.written === this.position) return;
    const position = this.position;
    await this.options.checkpoint.write(position);
    this.written = position;
  }
}
