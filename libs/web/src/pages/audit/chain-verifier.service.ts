import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { EventStore, verifyChain, type RecordedEvent } from '@mbd/events';

/** What the hash-chain badge shows. */
export type ChainStatus =
  | {
      readonly state: 'verified';
      /** Every event up to this position links to its predecessor and hashes to its stored hash (0: the log is empty). */
      readonly upTo: number;
      /** True while newer events wait to be verified (the badge says it is still checking). */
      readonly checking: boolean;
      /** Why newer events could not be read, when the last attempt failed. */
      readonly error?: string;
    }
  | {
      readonly state: 'broken';
      /** The first position whose link or content does not match. */
      readonly position: number;
      readonly reason: string;
    };

export interface ChainVerifierOptions {
  /** Events read per page of the log. */
  readonly pageSize?: number;
  /** Events verified at most per status() request; the rest waits for the next request. */
  readonly eventsPerRequest?: number;
  /** How long status() waits for a verification it woke to catch up before it answers what it has (none when it was busy already). */
  readonly waitMs?: number;
}

const DEFAULTS: Required<ChainVerifierOptions> = { pageSize: 250, eventsPerRequest: 100_000, waitMs: 50 };

/** Optional provider of ChainVerifierOptions (tests use small budgets). */
export const CHAIN_VERIFIER_OPTIONS = Symbol('CHAIN_VERIFIER_OPTIONS');

/**
 * One verification of the hash chain from position 1, kept open: verifyChain (the one implementation
 * in @mbd/events) reads the log through a feed that pauses at the head — or when the request's budget
 * is spent — and goes on from there when asked again, so each request verifies only the new events.
 */
class ChainRun {
  private upTo = 0;
  private broken?: { readonly position: number; readonly reason: string };
  private error?: string;
  private budget = 0;
  private atHead = false;
  private paused = true;
  private stopped = false;
  private finished = false;
  private resume?: () => void;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly options: Required<ChainVerifierOptions>,
  ) {
    void verifyChain(this.feed()).then(
      (result) => {
        if (!result.ok && !this.stopped) this.broken = { position: result.position, reason: result.reason };
        this.finished = true;
        this.pause();
      },
      (error: unknown) => {
        this.error = error instanceof Error ? error.message : String(error);
        this.finished = true;
        this.pause();
      },
    );
  }

  /** Grants another request's budget and lets the feed go on; true when it was paused (not busy verifying already). */
  request(): boolean {
    if (this.finished || this.stopped) return false;
    this.budget = this.options.eventsPerRequest;
    if (!this.paused) return false;
    this.paused = false;
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
    return true;
  }

  /** Resolves when the feed pauses (head reached, budget spent, chain broken) or after `ms`. */
  settled(ms: number): Promise<void> {
    if (this.paused) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const waiter = () => done();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(waiter);
    });
  }

  status(): ChainStatus {
    if (this.broken) return { state: 'broken', ...this.broken };
    return { state: 'verified', upTo: this.upTo, checking: !(this.paused && this.atHead), ...(this.error !== undefined ? { error: this.error } : {}) };
  }

  stop(): void {
    this.stopped = true;
    this.paused = false;
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }

  private pause(): void {
    this.paused = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  private async waitForRequest(): Promise<void> {
    this.pause();
    await new Promise<void>((resolve) => (this.resume = resolve));
  }

  private async *feed(): AsyncGenerator<RecordedEvent> {
    let after = 0;
    for (;;) {
      if (this.budget <= 0) await this.waitForRequest();
      if (this.stopped) return;
      let page: RecordedEvent[];
      try {
        page = await this.store.readAll({ after, limit: Math.min(this.options.pageSize, this.budget) });
        this.error = undefined;
      } catch (error) {
        // the store is unreachable: keep what is verified, try again on the next request
        this.error = error instanceof Error ? error.message : String(error);
        this.atHead = false;
        this.budget = 0;
        continue;
      }
      this.atHead = page.length === 0;
      if (this.atHead) {
        this.budget = 0;
        continue;
      }
      for (const event of page) {
        yield event;
        // verifyChain asks for the next event only once it accepted this one
        if (this.stopped) return;
        this.upTo = event.position;
        this.budget -= 1;
      }
      after = page.at(-1)!.position;
      this.atHead = false;
      // let requests in between pages: hashing a page is synchronous work
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * The hash chain's state for the audit log's badge, verified incrementally: the first request starts
 * at position 1, each later one verifies only the events appended since (at most `eventsPerRequest`
 * per request, going on in the background while the page is rendered), and `restart()` starts over
 * from position 1 (a tampered event already verified is found only then, or by `mbd verify-log`).
 */
@Injectable()
export class ChainVerifier implements OnModuleDestroy {
  private run?: ChainRun;
  private readonly options: Required<ChainVerifierOptions>;

  constructor(
    private readonly store: EventStore,
    @Optional() @Inject(CHAIN_VERIFIER_OPTIONS) options: ChainVerifierOptions | null = null,
  ) {
    this.options = { ...DEFAULTS, ...(options ?? {}) };
  }

  /** Verifies what was appended since the last call (waiting at most `waitMs`) and tells the state. */
  async status(waitMs = this.options.waitMs): Promise<ChainStatus> {
    const run = (this.run ??= new ChainRun(this.store, this.options));
    // while it is busy (catching up with a long log) the page does not wait for it
    if (run.request()) await run.settled(waitMs);
    return run.status();
  }

  /** Forgets what was verified: the next status() starts again from position 1. */
  restart(): void {
    this.run?.stop();
    this.run = undefined;
  }

  onModuleDestroy(): void {
    this.run?.stop();
  }
}
