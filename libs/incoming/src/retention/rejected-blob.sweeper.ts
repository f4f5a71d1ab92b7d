import { Logger } from '@nestjs/common';
import { EventStore, readAllPages } from '@mbd/events';
import { BlobStore } from '@mbd/repository';
import { planRejectedBlobSweep } from './rejected-blobs.js';

export interface RejectedBlobSweeperOptions {
  /** Blobs of an upload are removed this long after its rejection. */
  readonly retentionMs: number;
  /** Time between sweeps (the first runs at start). Default: one hour. */
  readonly intervalMs?: number;
  /**
   * A blob put (again) less than this long before the sweep started is kept: an upload or build may
   * be storing the same bytes for an event not yet appended. Default: one hour.
   */
  readonly putGraceMs?: number;
  readonly now?: () => Date;
}

export interface RejectedBlobSweep {
  readonly expiredUploads: number;
  readonly removed: number;
  /** Blobs of expired uploads that another event still refers to. */
  readonly shared: number;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Removes the blobs of rejected uploads once the retention has passed, at start-up and then
 * periodically: only blobs that rejected uploads past the retention refer to and no other event
 * does (planRejectedBlobSweep); the events stay. A failed sweep is logged and tried again next time.
 */
export class RejectedBlobSweeper {
  private readonly logger = new Logger(RejectedBlobSweeper.name);
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: RejectedBlobSweeperOptions,
    private readonly eventStore: EventStore,
    private readonly blobStore: BlobStore,
  ) {}

  start(): void {
    this.schedule();
    this.interval = setInterval(() => this.schedule(), this.options.intervalMs ?? HOUR_MS);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.interval);
    this.interval = undefined;
    await this.running;
  }

  /** One sweep (sweeps never overlap). */
  sweep(): Promise<RejectedBlobSweep> {
    const next = this.running.then(() => this.sweepOnce());
    this.running = next.catch(() => undefined);
    return next;
  }

  private schedule(): void {
    this.sweep().catch((error: unknown) => this.logger.error(`sweeping the blobs of rejected uploads failed, will retry: ${(error as Error).message}`));
  }

  private async sweepOnce(): Promise<RejectedBlobSweep> {
    const started = (this.options.now ?? (() => new Date()))();
    const rejectedBefore = new Date(started.getTime() - this.options.retentionMs);
    const unlessPutSince = new Date(started.getTime() - (this.options.putGraceMs ?? HOUR_MS));
    const plan = await planRejectedBlobSweep(readAllPages(this.eventStore), rejectedBefore);
    let removed = 0;
    for (const blob of plan.removable) {
      if (await this.blobStore.delete(blob, { unlessPutSince })) removed++;
    }
    if (removed > 0) {
      this.logger.log(
        `removed ${removed} blobs of ${plan.expiredUploads.length} uploads rejected before ${rejectedBefore.toISOString()} (${plan.shared} kept: other events refer to them)`,
      );
    }
    return { expiredUploads: plan.expiredUploads.length, removed, shared: plan.shared };
  }
}
