import { DEFAULT_RETRY, recordParked, type EventStore, type RecordedEvent } from '@mbd/events';
import type { Subscription } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { ProjectionLagError, UnknownProjectionError } from '../errors.js';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';
import type { Projection } from './projection.js';
import { Serializer } from './serializer.js';

export interface ProjectionRunnerOptions {
  /** Events per transaction (default 500). */
  readonly batchSize?: number;
  /** First delay before a failed projection is retried; doubles up to a minute (default 1 s). */
  readonly retryDelayMs?: number;
  /** How long rebuild() waits for the projections to reach the head of the log (default 30 min). */
  readonly rebuildTimeoutMs?: number;
  /** Told about every failed batch (the projection is retried after a delay). */
  readonly onError?: (projection: string, error: unknown) => void;
}

export type ProjectionState = 'running' | 'failed' | 'stopped';

export interface ProjectionStatus {
  readonly name: string;
  /** Global position of the last event the projection has seen (0: none). */
  readonly position: number;
  readonly state: ProjectionState;
  readonly error?: string;
}

export interface RebuildResult {
  readonly name: string;
  readonly position: number;
  readonly seconds: number;
}

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Feeds projections from the event log. One subscription from the lowest checkpoint delivers every
 * event; for each batch and each projection, the rows and the projection's checkpoint are written in
 * one transaction, and events at or below the checkpoint stored in that transaction are ignored, so a
 * crash, a retry or a re-delivery neither loses nor doubles a row. A projection whose batch fails is
 * skipped (the others go on) and retried from its checkpoint after a growing delay.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly retryDelayMs: number;
  private readonly rebuildTimeoutMs: number;
  private readonly positions = new Map<string, number>();
  /** Failed projections: skipped by drain() until their retry is due. */
  private readonly failures = new Map<string, { error: string; attempts: number; retryDue: boolean; position: number }>();
  private readonly handles: ReadonlyMap<string, (type: string) => boolean>;
  private readonly serializer = new Serializer();
  private subscription: Subscription | undefined;
  private pending: RecordedEvent[] = [];
  private draining: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiters: Waiter[] = [];
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.rebuildTimeoutMs = options.rebuildTimeoutMs ?? 30 * 60_000;
    this.handles = new Map(
      projections.map(({ name, handles }) => {
        const types = new Set(handles === 'all' ? [] : handles);
        return [name, handles === 'all' ? () => true : (type: string) => types.has(type)];
      }),
    );
  }

  /** Loads the checkpoints and follows the log from the lowest one. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.loadCheckpoints();
    this.running = true;
    this.subscribe();
  }

  /** Stops following the log after the batch in progress; waiters are rejected. */
  async stop(): Promise<void> {
    this.running = false;
    await this.pause();
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`the projection runner stopped before position ${waiter.position}`));
    }
  }

  /** Resolves once every projection has seen the event at `position` (read-your-writes). */
  waitForPosition(position: number, timeoutMs = 30_000): Promise<void> {
    if (this.lowestPosition() >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.timer !== timer);
        reject(new ProjectionLagError(position, this.status().filter((p) => p.position < position)));
      }, timeoutMs);
      this.waiters.push({ position, resolve, reject, timer });
    });
  }

  status(): ProjectionStatus[] {
    return this.projections.map(({ name }) => {
      const failure = this.failures.get(name);
      return {
        name,
        position: this.positions.get(name) ?? 0,
        state: failure ? 'failed' : this.running ? 'running' : 'stopped',
        ...(failure ? { error: failure.error } : {}),
      };
    });
  }

  /**
   * Empties the projection (or all of them) and its checkpoint in one transaction, replays the log
   * from zero in batches and resolves when it has reached the head the log had when asked.
   */
  async rebuild(name?: string): Promise<RebuildResult[]> {
    const targets = name === undefined ? this.projections : [this.projection(name)];
    await this.pause();
    await this.write((manager) => this.reset(manager, targets));
    for (const { name: target } of targets) {
      this.positions.set(target, 0);
      this.failures.delete(target);
    }
    const head = await this.store.headPosition();
    const started = performance.now();
    this.running = true;
    this.subscribe();
    await this.waitForPosition(head, this.rebuildTimeoutMs);
    const seconds = (performance.now() - started) / 1000;
    return targets.map(({ name: target }) => ({ name: target, position: this.positions.get(target) ?? 0, seconds }));
  }

  /** Runs a query between the runner's transactions (see Serializer). */
  read<T>(query: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serializer.run(() => query(this.dataSource.manager));
  }

  private projection(name: string): Projection {
    const found = this.projections.find((projection) => projection.name === name);
    if (!found) throw new UnknownProjectionError(name, this.projections.map((projection) => projection.name));
    return found;
  }

  private write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.serializer.run(() => this.dataSource.transaction(work));
  }

  private async reset(manager: EntityManager, targets: readonly Projection[]): Promise<void> {
    for (const projection of targets) {
      for (const entity of projection.entities) await manager.createQueryBuilder().delete().from(entity).execute();
      await manager.delete(ProjectionCheckpoint, { name: projection.name });
    }
  }

  private async loadCheckpoints(): Promise<void> {
    const stored = await this.read((manager) => manager.find(ProjectionCheckpoint));
    for (const { name } of this.projections) this.positions.set(name, stored.find((c) => c.name === name)?.position ?? 0);
  }

  private lowestPosition(): number {
    return Math.min(...this.projections.map(({ name }) => this.positions.get(name) ?? 0));
  }

  private subscribe(): void {
    this.pending = [];
    this.subscription = this.store.subscribeAll(this.lowestPosition()).subscribe({
      next: (event) => {
        this.pending.push(event);
        this.kick();
      },
      error: (error: unknown) => {
        this.options.onError?.('(subscription)', error);
        this.scheduleRetry(this.retryDelayMs);
      },
    });
  }

  private async pause(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.pending = [];
    await this.draining;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      // let a catching-up subscription fill the batch before it is taken
      if (this.pending.length < this.batchSize) await new Promise((resolve) => setImmediate(resolve));
      const batch = this.pending.splice(0, this.batchSize);
      if (batch.length === 0) return;
      for (const projection of this.projections) {
        if (this.failures.get(projection.name)?.retryDue !== false) await this.applyBatch(projection, batch);
      }
      this.settleWaiters();
    }
  }

  /**
   * Applies a batch in one transaction. A failing batch is applied again event by event, so that only
   * the failing event waits for its retry; an event that fails every retry is parked (EventParked,
   * follower `projection-<name>`) and skipped, so no event can stop a read model.
   */
  private async applyBatch(projection: Projection, batch: readonly RecordedEvent[]): Promise<boolean> {
    const last = batch.at(-1)!.position;
    if (last <= (this.positions.get(projection.name) ?? 0)) return true;
    try {
      await this.write(async (manager) => {
        const checkpoint = await this.lockCheckpoint(manager, projection.name);
        if (last <= checkpoint) return;
        const handles = this.handles.get(projection.name)!;
        const events = batch.filter((event) => event.position > checkpoint && handles(event.type));
        if (events.length > 0) await projection.apply(manager, events);
        await manager.upsert(ProjectionCheckpoint, { name: projection.name, position: last }, ['name']);
      });
      this.positions.set(projection.name, last);
      if ((this.failures.get(projection.name)?.position ?? 0) <= last) this.failures.delete(projection.name);
      return true;
    } catch (error) {
      if (batch.length > 1) {
        for (const event of batch) if (!(await this.applyBatch(projection, [event]))) return false;
        return true;
      }
      const attempts = this.attemptsAt(projection.name, last) + 1;
      if (attempts >= DEFAULT_RETRY.attempts && (await this.park(projection, batch[0]!, error, attempts))) return true;
      this.fail(projection.name, error, last);
      return false;
    }
  }

  /** Moves the projection's checkpoint past `event` and records why; false when that could not be stored. */
  private async park(projection: Projection, event: RecordedEvent, error: unknown, attempts: number): Promise<boolean> {
    const follower = `projection-${projection.name}`;
    try {
      await recordParked(this.store, follower, event, message(error), attempts);
      await this.write((manager) => manager.upsert(ProjectionCheckpoint, { name: projection.name, position: event.position }, ['name']));
      this.positions.set(projection.name, event.position);
      this.failures.delete(projection.name);
      this.options.onError?.(projection.name, new Error(`parked the ${event.type} at position ${event.position}: ${message(error)}`));
      return true;
    } catch {
      return false;
    }
  }

  /** The stored checkpoint, locked against a second runner on the same PostgreSQL database. */
  private async lockCheckpoint(manager: EntityManager, name: string): Promise<number> {
    const query = manager.createQueryBuilder(ProjectionCheckpoint, 'checkpoint').where('checkpoint.name = :name', { name });
    if (this.dataSource.options.type === 'postgres') query.setLock('pessimistic_write');
    return (await query.getOne())?.position ?? 0;
  }

  /** How often the event at `position` failed so far. */
  private attemptsAt(name: string, position: number): number {
    const failure = this.failures.get(name);
    return failure?.position === position ? failure.attempts : 0;
  }

  private fail(name: string, error: unknown, position: number): void {
    const attempts = this.attemptsAt(name, position) + 1;
    this.failures.set(name, { error: message(error), attempts, retryDue: false, position });
    this.options.onError?.(name, error);
    this.scheduleRetry(Math.min(60_000, this.retryDelayMs * 2 ** (attempts - 1)));
  }

  /** Re-subscribes from the lowest checkpoint, giving failed projections another try. */
  private scheduleRetry(delayMs: number): void {
    if (this.retryTimer || !this.running) return;
    this.retryTimer = setTimeout(() => {
      void (async () => {
        await this.pause();
        if (!this.running) return;
        for (const failure of this.failures.values()) failure.retryDue = true;
        this.subscribe();
      })();
    }, delayMs);
  }

  private settleWaiters(): void {
    const lowest = this.lowestPosition();
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.position > lowest) return true;
      clearTimeout(waiter.timer);
      waiter.resolve();
      return false;
    });
  }
}
