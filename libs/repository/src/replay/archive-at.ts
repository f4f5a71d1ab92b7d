import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventStore } from '@mbd/events';
import type { ArchiveKey } from '@mbd/gpg';
import type { BlobStore } from '../blob-store/blob-store.port.js';
import type { Reprepro } from '../reprepro/reprepro.port.js';
import { resolveLogBound } from './log-bound.js';
import { rebuildRepository } from './rebuild-repository.js';
import { TimeTravelError, TimeTravelErrorCode } from './time-travel-error.js';
import { TreeCache } from './tree-cache.js';

export { TimeTravelError, TimeTravelErrorCode } from './time-travel-error.js';
export { TreeCache, treeBytes } from './tree-cache.js';

/** Defaults of the time-travel limits (the daemon passes MBD_TIME_TRAVEL_CACHE_BYTES and MBD_TIME_TRAVEL_QUEUE). */
export const timeTravelDefaults = { cacheBytes: 1024 * 1024 * 1024, maxWaiting: 4 } as const;

export interface ArchiveAtOptions {
  readonly store: EventStore;
  readonly blobs: BlobStore;
  readonly key?: ArchiveKey;
  readonly reprepro?: Reprepro;
  /** `<dataDir>/cache/at`: one rebuilt set of trees per log position. */
  readonly cacheDir: string;
  /** Rebuilt trees beyond this many bytes are removed, least recently used first. */
  readonly cacheBytes?: number;
  /** Rebuilds that may wait behind the running one; a request for yet another position is refused (Busy). */
  readonly maxWaiting?: number;
  /** Builds every repository's tree as of `position` into the empty directory `out`; default rebuildRepository. */
  readonly rebuild?: (out: string, position: number) => Promise<void>;
}

/** An ISO 8601 date or date-time, as `/@<time>/` takes it (e.g. 2026-11-30T12:00:00Z). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export interface ResolveOptions {
  /** Default: the current time. */
  readonly now?: Date;
  /** Only the head may be asked (anonymous clients): anything else is NotHead, found without scanning the log. */
  readonly headOnly?: boolean;
}

/**
 * Time travel: the published trees as they were at a past log position, rebuilt on demand into
 * `<cacheDir>/<position>/` (built in a temp dir and renamed, so a half-built tree is never served).
 * Only positions that exist are built; a time is first resolved to the position it denotes, so the
 * cache is keyed by position. One rebuild runs at a time, at most `maxWaiting` more wait (requests
 * for one position share one rebuild), and the cache keeps at most `cacheBytes`, least recently used
 * trees evicted first.
 */
export class ArchiveAt {
  private readonly building = new Map<number, Promise<string>>();
  private readonly cache: TreeCache;
  private readonly maxWaiting: number;
  private queue: Promise<unknown> = Promise.resolve();
  private lastBuildMs = 0;

  constructor(private readonly options: ArchiveAtOptions) {
    this.cache = new TreeCache(options.cacheDir, options.cacheBytes ?? timeTravelDefaults.cacheBytes);
    this.maxWaiting = options.maxWaiting ?? timeTravelDefaults.maxWaiting;
  }

  /**
   * The log position `at` denotes: digits are a position, which must be in 1..head; an ISO time must
   * not be in the future nor before the first event, and denotes the last event that happened by then.
   * Throws TimeTravelError.
   */
  async resolve(at: string, options: ResolveOptions = {}): Promise<number> {
    const { store } = this.options;
    const head = await store.headPosition();
    if (/^\d+$/.test(at)) {
      const position = Number(at);
      if (head === 0) throw new TimeTravelError(TimeTravelErrorCode.NotFound, `there is no position ${at}: the log is empty`);
      if (position < 1 || position > head) throw new TimeTravelError(TimeTravelErrorCode.NotFound, `there is no position ${at}: the log holds positions 1 to ${head}`);
      if (options.headOnly && position !== head) throw notHead(head);
      return position;
    }
    const time = ISO_TIME.test(at) ? Date.parse(at) : Number.NaN;
    if (Number.isNaN(time)) throw new TimeTravelError(TimeTravelErrorCode.Malformed, `"${at}" is neither a log position nor an ISO 8601 time (like 2026-11-30T12:00:00Z)`);
    const now = options.now ?? new Date();
    if (time > now.getTime()) throw new TimeTravelError(TimeTravelErrorCode.Future, `${at} is in the future (it is now ${now.toISOString()})`);
    const [first] = await store.readAll({ after: 0, limit: 1 });
    if (!first) throw new TimeTravelError(TimeTravelErrorCode.NotFound, `there is nothing at ${at}: the log is empty`);
    if (time < Date.parse(first.metadata.occurredAt)) {
      throw new TimeTravelError(TimeTravelErrorCode.NotFound, `${at} is before the first event of the log (${first.metadata.occurredAt})`);
    }
    if (options.headOnly) {
      const [last] = await store.readAll({ after: head - 1, limit: 1 });
      if (last && time >= Date.parse(last.metadata.occurredAt)) return head;
      throw notHead(head);
    }
    const position = await resolveLogBound(store, { time: at });
    if (position === 0) throw new TimeTravelError(TimeTravelErrorCode.NotFound, `${at} is before the first event of the log`);
    return position;
  }

  /** The directory holding every repository's tree as of `position` (an existing position: see resolve). */
  async archiveAt(position: number): Promise<string> {
    const cached = await this.cache.get(position);
    if (cached) return cached;
    const running = this.building.get(position);
    if (running) return running;
    if (this.building.size > this.maxWaiting) {
      const retryAfterS = Math.max(5, Math.ceil((this.lastBuildMs * this.building.size) / 1000));
      throw new TimeTravelError(
        TimeTravelErrorCode.Busy,
        `${this.building.size} rebuilds of past archives are running or waiting; try again in ${retryAfterS} s`,
        retryAfterS,
      );
    }
    const build = this.queue.then(() => this.build(position));
    this.queue = build.catch(() => undefined);
    const shared = build.finally(() => this.building.delete(position));
    this.building.set(position, shared);
    return shared;
  }

  /**
   * The tree of one repository at `at` (a position, or a position or ISO time as text, resolved by
   * `resolve`), as the delivery serves it under `/repositories/<id>/@<at>/`.
   */
  async treeAt(repository: string, at: number | string): Promise<string> {
    const position = typeof at === 'number' ? at : await this.resolve(at);
    return join(await this.archiveAt(position), repository);
  }

  /** The tree of one repository at `position` if it is rebuilt and cached already, else undefined: never starts a rebuild. */
  async cachedTreeAt(repository: string, position: number): Promise<string | undefined> {
    const cached = await this.cache.get(position);
    return cached === undefined ? undefined : join(cached, repository);
  }

  private async build(position: number): Promise<string> {
    const dir = this.cache.dirOf(position);
    const temp = `${dir}.${randomUUID()}.tmp`;
    const started = Date.now();
    try {
      await (this.options.rebuild ?? ((out, until) => this.rebuild(out, until)))(temp, position);
      await rm(dir, { recursive: true, force: true });
      await rename(temp, dir);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    } finally {
      this.lastBuildMs = Date.now() - started;
    }
    await this.cache.add(position);
    return dir;
  }

  private async rebuild(out: string, position: number): Promise<void> {
    await rebuildRepository({
      store: this.options.store,
      blobs: this.options.blobs,
      out,
      until: { position },
      ...(this.options.key ? { key: this.options.key } : {}),
      ...(this.options.reprepro ? { reprepro: this.options.reprepro } : {}),
    });
  }
}

const notHead = (head: number) =>
  new TimeTravelError(TimeTravelErrorCode.NotHead, `only the head of the log (position ${head}) is public; older positions and times need the admin token`);
