import type pg from 'pg';
import { Subject, type Observable } from 'rxjs';
import type { Event, EventMetadata, RecordedEvent } from '../event.js';
import { EventStoreUnavailableError } from './errors.js';
import type { AppendResult, ExpectedVersion, ReadAllOptions } from './event-store.port.js';
import { UpcastingEventStore } from './upcasting-event-store.js';
import { checkExpectedVersion, nextStreamVersion } from './expected-version.js';
import { followAll } from './follow-all.js';
import { chainEvents, toRecordedEvent, type ChainedEvent } from './hash-chain.js';
import { redactUrl } from './redact-url.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position BIGINT PRIMARY KEY,
  id UUID NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  stream_version INTEGER NOT NULL,
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  data JSON NOT NULL,
  metadata JSON NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (stream_id, stream_version)
)`;

/** Key of the transaction-level advisory lock that serializes appends across every daemon sharing the database. */
const APPEND_LOCK = 0x6d6264_6576; // 'mbd' 'ev'
const CHANNEL = 'mbd_events';
/** Rows per INSERT … SELECT FROM unnest(…): keeps each statement's parameters small. */
const INSERT_CHUNK = 2_000;

const COLUMNS = 'position, id, stream_id, stream_version, type, version, data, metadata, prev_hash, hash';
const INSERT = `INSERT INTO events (${COLUMNS})
  SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::integer[], $5::text[], $6::integer[], $7::json[], $8::json[], $9::text[], $10::text[])`;

interface Row {
  position: string;
  id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  version: number;
  data: unknown;
  metadata: EventMetadata;
  prev_hash: string;
  hash: string;
}

const toEvent = (row: Row): RecordedEvent => ({
  position: Number(row.position),
  id: row.id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  type: row.type,
  version: row.version,
  data: row.data,
  metadata: row.metadata,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/**
 * PostgreSQL adapter (pg Pool); several daemons may share one database. Appends take a
 * transaction-level advisory lock, so positions and the hash chain are assigned serially across
 * all of them and a position becomes visible only after every lower one has committed. Each
 * commit NOTIFYs `mbd_events`; every store LISTENs on a dedicated connection and its
 * subscriptions read on from their last position, so each daemon follows the others' appends.
 */
export class PostgresEventStore extends UpcastingEventStore {
  private readonly appended = new Subject<void>();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly listener: pg.Client,
  ) {
    super();
    listener.on('notification', () => this.appended.next());
    listener.on('error', (error) => this.appended.error(error));
  }

  /** Connects, creates the schema if absent and starts listening; an unreachable server throws EventStoreUnavailableError. */
  static async open(url: string, options: { poolSize?: number } = {}): Promise<PostgresEventStore> {
    const config = { connectionString: url, connectionTimeoutMillis: 10_000 };
    // pg is loaded by the daemons that use PostgreSQL only (start-up time and memory of the others).
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10 });
    pool.on('error', () => undefined); // an idle client lost its connection; the next query reports it
    const listener = new pg.Client(config);
    try {
      await listener.connect();
      await listener.query('BEGIN');
      await listener.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      await listener.query(SCHEMA);
      await listener.query('COMMIT');
      await listener.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await listener.end().catch(() => undefined);
      await pool.end();
      const reason = error instanceof Error ? error.message : String(error);
      throw new EventStoreUnavailableError(`PostgreSQL event store at MBD_POSTGRES_URL=${redactUrl(url)} is unavailable: ${reason}`, { cause: error });
    }
    return new PostgresEventStore(pool, listener);
  }

  async append(streamId: string, events: readonly Event[], expected: ExpectedVersion): Promise<AppendResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const { rows } = await client.query<{ revision: number | null; position: string | null; hash: string | null }>(
        `SELECT (SELECT max(stream_version) FROM events WHERE stream_id = $1) AS revision,
                head.position, head.hash
           FROM (SELECT 1) AS one LEFT JOIN (SELECT position, hash FROM events ORDER BY position DESC LIMIT 1) AS head ON true`,
        [streamId],
      );
      const current = rows[0]!;
      const actual = current.revision ?? 'no-stream';
      checkExpectedVersion(streamId, expected, actual);
      const head = { position: Number(current.position ?? 0), hash: current.hash ?? '' };
      const chained = chainEvents(head, streamId, nextStreamVersion(actual), events);
      for (let start = 0; start < chained.length; start += INSERT_CHUNK) {
        await client.query(INSERT, columns(chained.slice(start, start + INSERT_CHUNK)));
      }
      if (chained.length > 0) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, String(chained.at(-1)!.position)]);
      await client.query('COMMIT');
      return {
        nextExpectedVersion: chained.at(-1)?.streamVersion ?? current.revision ?? -1,
        position: chained.at(-1)?.position ?? head.position,
        events: chained.map(toRecordedEvent),
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  protected async readStoredStream(streamId: string, from: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version`,
      [streamId, from],
    );
    return rows.map(toEvent);
  }

  protected async readStoredAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`, [
      options.after ?? 0,
      options.limit ?? null,
    ]);
    return rows.map(toEvent);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ position: string | null }>('SELECT max(position) AS position FROM events');
    return Number(rows[0]?.position ?? 0);
  }

  protected subscribeStored(after: number): Observable<RecordedEvent> {
    return followAll({ readPage: (from, limit) => this.readStoredAll({ after: from, limit }), appended: this.appended }, after);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.complete();
    await this.listener.end().catch(() => undefined);
    await this.pool.end();
  }
}

/** The parameters of one INSERT: one array per column. */
function columns(chained: readonly ChainedEvent[]): unknown[][] {
  const result: unknown[][] = Array.from({ length: 10 }, () => new Array<unknown>(chained.length));
  chained.forEach((e, i) => {
    result[0]![i] = e.position;
    result[1]![i] = e.id;
    result[2]![i] = e.streamId;
    result[3]![i] = e.streamVersion;
    result[4]![i] = e.type;
    result[5]![i] = e.version;
    result[6]![i] = e.dataJson;
    result[7]![i] = e.metadataJson;
    result[8]![i] = e.prevHash;
    result[9]![i] = e.hash;
  });
  return result;
}
