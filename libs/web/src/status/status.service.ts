import { Injectable } from '@nestjs/common';

/** A part of the daemon that reports its state in /api/status (archive reactor, builder, incoming…). */
export interface StatusSource {
  readonly name: string;
  status(): Promise<unknown> | unknown;
}

/** Collects the status of every registered part; each module registers its own source. */
@Injectable()
export class StatusRegistry {
  private readonly sources: StatusSource[] = [];

  register(source: StatusSource): void {
    this.sources.push(source);
  }

  async collect(): Promise<Record<string, unknown>> {
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
