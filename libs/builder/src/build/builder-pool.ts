import { BuildCancelledError } from '../errors.js';
import { LogReplay } from '../log/log-replay.js';
import { Builder, type BuildJob, type BuildResult, type BuildRun, type BuildStart } from './builder.port.js';

interface Waiting {
  readonly begin: () => void;
  readonly cancel: () => void;
}

/**
 * A Builder that runs at most `slots` builds of another Builder at once (MBD_BUILD_JOBS) and queues
 * the rest in the order they came (the build queue decides that order). A build cancelled while it
 * waits never starts. With 0 slots nothing is built here (an instance that only hands builds on).
 * On shutdown (Nest's onModuleDestroy) every build is cancelled, so no sbuild outlives the daemon.
 */
export class BuilderPool extends Builder {
  private readonly waiting: Waiting[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly closing = new AbortController();
  private active = 0;

  constructor(
    private readonly builder: Builder,
    readonly slots: number,
  ) {
    super();
  }

  get name(): string {
    return this.builder.name;
  }

  /** Builds running now and builds waiting for a slot. */
  get load(): { readonly running: number; readonly waiting: number } {
    return { running: this.active, waiting: this.waiting.length };
  }

  build(job: BuildJob, cancel?: AbortSignal): BuildRun {
    const signal = cancel === undefined ? this.closing.signal : AbortSignal.any([cancel, this.closing.signal]);
    const log = new LogReplay();
    let startedBy: (inner: BuildRun) => void = () => undefined;
    let failStart: (error: unknown) => void = () => undefined;
    const started = new Promise<BuildStart>((resolve, reject) => {
      startedBy = (inner) => inner.started.then(resolve, reject);
      failStart = reject;
    });
    started.catch(() => undefined);
    const result = new Promise<BuildResult>((resolve, reject) => {
      const cancelled = (): void => {
        const error = new BuildCancelledError(job.buildId, undefined);
        log.complete();
        failStart(error);
        reject(error);
      };
      if (signal.aborted) {
        cancelled();
        return;
      }
      const waiting: Waiting = {
        begin: () => {
          signal.removeEventListener('abort', waiting.cancel);
          const run = this.builder.build(job, signal);
          run.log.subscribe(log);
          startedBy(run);
          const settled = run.result.then(resolve, reject).finally(() => {
            this.running.delete(settled);
            this.release();
          });
          this.running.add(settled);
        },
        cancel: () => {
          const index = this.waiting.indexOf(waiting);
          if (index < 0) return;
          this.waiting.splice(index, 1);
          cancelled();
        },
      };
      signal.addEventListener('abort', waiting.cancel, { once: true });
      this.waiting.push(waiting);
      this.dispatch();
    });
    return { started, log: log.asObservable(), result };
  }

  /** Cancels every waiting and running build and waits until they have stopped (no sbuild outlives the daemon). */
  async onModuleDestroy(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.running]);
  }

  private release(): void {
    this.active -= 1;
    this.dispatch();
  }

  private dispatch(): void {
    while (this.active < this.slots && this.waiting.length > 0) {
      const next = this.waiting.shift() as Waiting;
      this.active += 1;
      next.begin();
    }
  }
}
