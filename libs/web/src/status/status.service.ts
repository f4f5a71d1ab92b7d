import { Injectable } from '@nestjs/common';

/** A part of the daemon that reports its state in /api/status (archive reactor, builder, incoming…). */
export interface StatusSource {
  readonly name: string;
  status(): Promise<unknown> | unknown;
}

/**
 * Collects the status of every registered part; each module registers its own source. Requests at
 * once share a collection: one that arrives while a collection runs waits for the next one (which
 * starts when the running one ends and serves everyone who came meanwhile), so every answer is
 * read after its request arrived — never stale — and 32 clients cost one collection at a time, not 32.
 */
@Injectable()
export class StatusRegistry {
  /** When the daemon started (its status says so, and its uptime). */
  readonly startedAt = new Date();
  private readonly sources: StatusSource[] = [];
  /** The collection running now, if any. */
  private running: Promise<Record<string, unknown>> | undefined;
  /** The collection that starts when the running one ends, shared by the requests that came meanwhile. */
  private following: Promise<Record<string, unknown>> | undefined;

  register(source: StatusSource): void {
    this.sources.push(source);
  }

  collect(): Promise<Record<string, unknown>> {
    if (!this.running) return this.start();
    this.following ??= this.running.then(() => {
      this.following = undefined;
      return this.start();
    });
    return this.following;
  }

  private start(): Promise<Record<string, unknown>> {
    const collection = this.collectNow().finally(() => {
      if (this.running === collection) this.running = undefined;
    });
    this.running = collection;
    return collection;
  }

  /** Asks every source once; a source that fails shows its error in place of its status. */
  private async collectNow(): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      this.sources.map(async (source) => {
        try {
          return [source.name, await source.status()] as const;
        } catch (error) {
          return [source.name, { error: error instanceof Error ? error.message : String(error) }] as const;
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
