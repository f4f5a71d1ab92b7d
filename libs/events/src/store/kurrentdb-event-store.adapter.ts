import type * as Kurrent from '@kurrent/kurrentdb-client';
import type {
  KurrentDBClient,
  AllStreamRecordedEvent,
  AllStreamSubscription,
  JSONType,
  Position,
  ReadPosition,
} from '@kurrent/kurrentdb-client';
import { Subject, type Observable } from 'rxjs';
import type { Event, EventMetadata, RecordedEvent } from '../event.js';
import { EventStoreUnavailableError, WrongExpectedVersionError } from './errors.js';
import type { AppendResult, ExpectedVersion, ReadAllOptions } from './event-store.port.js';
import { UpcastingEventStore } from './upcasting-event-store.js';
import { checkExpectedVersion, nextStreamVersion, type StreamRevision } from './expected-version.js';
import { followAll } from './follow-all.js';
import { EMPTY_CHAIN, chainEvents, toRecordedEvent, type ChainHead } from './hash-chain.js';
import { redactUrl } from './redact-url.js';

/** The KurrentDB client library, loaded by the first open(); every method runs after it. */
let kurrent: typeof Kurrent;

/** What mbd adds to each event's KurrentDB metadata: its own global position and hash chain link. */
interface ChainMetadata {
  readonly position: number;
  readonly version: number;
  readonly prevHash: string;
  readonly hash: string;
}
type StoredMetadata = EventMetadata & { readonly mbd: ChainMetadata };

/** How many (our position → $all position) pairs are remembered to resume paged reads without a scan. */
const MEMO_SIZE = 1_024;

const chainOf = (event: AllStreamRecordedEvent | undefined): ChainMetadata | undefined => {
  const metadata = event?.isJson ? (event.metadata as Partial<StoredMetadata> | undefined) : undefined;
  return typeof metadata?.mbd?.position === 'number' ? metadata.mbd : undefined;
};

const toEvent = (event: AllStreamRecordedEvent, chain: ChainMetadata): RecordedEvent => {
  const { mbd: _chain, ...metadata } = event.metadata as unknown as StoredMetadata;
  return {
    position: chain.position,
    id: event.id,
    streamId: event.streamId,
    streamVersion: Number(event.revision),
    type: event.type,
    version: chain.version,
    data: event.data,
    metadata,
    prevHash: chain.prevHash,
    hash: chain.hash,
  };
};

/**
 * KurrentDB (EventStoreDB) adapter, with the official client.
 *
 * Positions: KurrentDB's `$all` commit positions are byte offsets, neither contiguous nor known
 * before the write, so they cannot be the port's 1, 2, 3… positions nor feed the hash chain. The
 * appender therefore writes its own global position and chain link (`prevHash`, `hash`) into each
 * event's metadata (`mbd`), continuing from the last mbd event in `$all`. This is honest only with
 * ONE appending process per database: appends are serialized inside this process, but two daemons
 * appending to the same KurrentDB would hand out the same positions (verifyChain then reports the
 * first clash). Use PostgreSQL to share a store between daemons.
 *
 * Reads by position resume from a remembered `$all` position (the end of the previous page) or,
 * failing that, scan `$all` backwards from the end to the requested position. System events (`$…`)
 * and events not written by mbd are skipped. An append is one KurrentDB write, so all or nothing;
 * batches larger than the server's MaxAppendSize (1 MiB by default) are refused by the server.
 */
export class KurrentDbEventStore extends UpcastingEventStore {
  private readonly appended = new Subject<void>();
  private readonly allPositions = new Map<number, Position>();
  private serial: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly client: KurrentDBClient,
    private head: ChainHead,
    private readonly live: AllStreamSubscription,
  ) {
    super();
    live.on('data', () => this.appended.next());
    live.on('error', (error: Error) => {
      if (!this.closed) this.appended.error(error);
    });
  }

  /** Connects and finds the head of the chain; an unreachable server throws EventStoreUnavailableError naming MBD_EVENTSTORE_URL. */
  static async open(connectionString: string): Promise<KurrentDbEventStore> {
    // The client (gRPC, protobuf and a native bridge) is loaded by the daemons that use KurrentDB only.
    kurrent = await import('@kurrent/kurrentdb-client');
    const client = kurrent.KurrentDBClient.connectionString(connectionString);
    try {
      const head = await findHead(client);
      const live = client.subscribeToAll({ fromPosition: kurrent.END, filter: kurrent.excludeSystemEvents() });
      return new KurrentDbEventStore(client, head, live);
    } catch (error) {
      await client.dispose().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new EventStoreUnavailableError(`KurrentDB event store at MBD_EVENTSTORE_URL=${redactUrl(connectionString)} is unavailable: ${reason}`, { cause: error });
    }
  }

  append(streamId: string, events: readonly Event[], expected: ExpectedVersion): Promise<AppendResult> {
    const next = this.serial.then(() => this.appendNow(streamId, events, expected));
    this.serial = next.catch(() => undefined);
    return next;
  }

  private async appendNow(streamId: string, events: readonly Event[], expected: ExpectedVersion): Promise<AppendResult> {
    const actual = await this.streamRevision(streamId);
    checkExpectedVersion(streamId, expected, actual);
    const chained = chainEvents(this.head, streamId, nextStreamVersion(actual), events);
    if (chained.length === 0) return { nextExpectedVersion: actual === 'no-stream' ? -1 : actual, position: this.head.position, events: [] };
    try {
      await this.client.appendToStream(
        streamId,
        chained.map((e) =>
          kurrent.jsonEvent({
            id: e.id,
            type: e.type,
            data: e.event.data as JSONType,
            metadata: { ...e.event.metadata, mbd: { position: e.position, version: e.version, prevHash: e.prevHash, hash: e.hash } } as JSONType,
          }),
        ),
        { streamState: actual === 'no-stream' ? kurrent.NO_STREAM : BigInt(actual) },
      );
    } catch (error) {
      if (error instanceof kurrent.WrongExpectedVersionError) {
        const current = error.actualState;
        throw new WrongExpectedVersionError(streamId, expected, typeof current === 'bigint' ? Number(current) : 'no-stream');
      }
      throw error;
    }
    const last = chained.at(-1)!;
    this.head = { position: last.position, hash: last.hash };
    this.appended.next();
    return { nextExpectedVersion: last.streamVersion, position: last.position, events: chained.map(toRecordedEvent) };
  }

  protected async readStoredStream(streamId: string, from: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(from), direction: kurrent.FORWARDS })) {
        const event = resolved.event as AllStreamRecordedEvent | undefined;
        const chain = chainOf(event);
        if (event && chain) events.push(toEvent(event, chain));
      }
    } catch (error) {
      if (error instanceof kurrent.StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  protected async readStoredAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    const fromPosition = await this.allPositionOf(after);
    let lastAllPosition: Position | undefined;
    for await (const resolved of this.client.readAll({ fromPosition, direction: kurrent.FORWARDS, filter: kurrent.excludeSystemEvents() })) {
      const chain = chainOf(resolved.event);
      if (!resolved.event || !chain || chain.position <= after) continue;
      events.push(toEvent(resolved.event, chain));
      lastAllPosition = resolved.event.position;
      if (events.length >= limit) break;
    }
    if (lastAllPosition) this.remember(events.at(-1)!.position, lastAllPosition);
    return events;
  }

  headPosition(): Promise<number> {
    return findHead(this.client).then((head) => head.position);
  }

  protected subscribeStored(after: number): Observable<RecordedEvent> {
    return followAll({ readPage: (from, limit) => this.readStoredAll({ after: from, limit }), appended: this.appended }, after);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.complete();
    await this.live.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }

  private async streamRevision(streamId: string): Promise<StreamRevision> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: kurrent.END, direction: kurrent.BACKWARDS, maxCount: 1 })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
    } catch (error) {
      if (error instanceof kurrent.StreamNotFoundError) return 'no-stream';
      throw error;
    }
    return 'no-stream';
  }

  /** The $all position to read forwards from so that the event after `after` is not missed. */
  private async allPositionOf(after: number): Promise<ReadPosition> {
    if (after === 0) return kurrent.START;
    const remembered = this.allPositions.get(after);
    if (remembered) return remembered;
    for await (const resolved of this.client.readAll({ fromPosition: kurrent.END, direction: kurrent.BACKWARDS, filter: kurrent.excludeSystemEvents() })) {
      const chain = chainOf(resolved.event);
      if (resolved.event && chain && chain.position <= after) return resolved.event.position;
    }
    return kurrent.START;
  }

  private remember(position: number, allPosition: Position): void {
    if (this.allPositions.size >= MEMO_SIZE) this.allPositions.delete(this.allPositions.keys().next().value!);
    this.allPositions.set(position, allPosition);
  }
}

/** The last mbd event in $all (the chain's head), scanning backwards past system and foreign events. */
async function findHead(client: KurrentDBClient): Promise<ChainHead> {
  for await (const resolved of client.readAll({ fromPosition: kurrent.END, direction: kurrent.BACKWARDS, filter: kurrent.excludeSystemEvents() })) {
    const chain = chainOf(resolved.event);
    if (chain) return { position: chain.position, hash: chain.hash };
  }
  return EMPTY_CHAIN;
}
