import { Injectable } from '@nestjs/common';

/** How long a source may take to report; one that hangs (a store over a half-open connection) must not hold every later /api/status. */
export const STATUS_SOURCE_TIMEOUT_MS = 5_000;

/** The source's status, or a rejection when it has not answered within `ms`. */
function within<T>(ms: number, answer: Promise<T> | T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    timer.unref();
  });
  return Promise.race([Promise.resolve(answer), late]).finally(() => clearTimeout(timer));
}

/** A part of the daemon that reports its state in /api/status (archive reactor, builder, incoming…). */
export interface StatusSource {
  readonly name: string;
  status(): Promise<unknown> | unknown;
}

/**
 * Collects the status of every registered part; each module registers its own source. Requests at
 * once share a reading: a request joins the next reading not yet begun — which begins once the
 * running one (if any) has ended and the requests of the same turn of the event loop have joined it —
 * so every answer is read after its request came (never stale), and 32 clients cost a reading per
 * turn, not one each.
 */
@Injectable()
export class StatusRegistry {
  /** When the daemon started (its status says so, and its uptime). */
  readonly startedAt = new Date();
  private readonly sources: StatusSource[] = [];
  /** STATUS_SOURCE_TIMEOUT_MS; shorter in specs. */
  sourceTimeoutMs = STATUS_SOURCE_TIMEOUT_MS;
  /** The reading under way, if any. */
  private running: Promise<Record<string, unknown>> | undefined;
  /** The next reading, not begun yet: requests coming now join it. */
  private next: Promise<Record<string, unknown>> | undefined;

  register(source: StatusSource): void {
    this.sources.push(source);
  }

  collect(): Promise<Record<string, unknown>> {
    this.next ??= (this.running ?? Promise.resolve())
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.begin());
    return this.next;
  }

  private begin(): Promise<Record<string, unknown>> {
    // From here on, a request comes after the reading began: it waits for the next one.
    this.next = undefined;
    const reading = this.collectNow();
    this.running = reading;
    void reading.then(() => {
      if (this.running === reading) this.running = undefined;
    });
    return reading;
  }

  /** Asks every source once; a source that fails, or does not answer in time, shows its error in place of its status. */
  private async collectNow(): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      this.sources.map(async (source) => {
        try {
          return [source.name, await within(this.sourceTimeoutMs, source.status())] as const;
        } catch (error) {
          return [source.name, { error: error instanceof Error ? error.message : String(error) }] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
