import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Subject, type Observable } from 'rxjs';
import type { Event, RecordedEvent } from '../event.js';
import { EventStoreUnavailableError } from './errors.js';
import type { AppendResult, ExpectedVersion, ReadAllOptions } from './event-store.port.js';
import { UpcastingEventStore } from './upcasting-event-store.js';
import { checkExpectedVersion, nextStreamVersion } from './expected-version.js';
import { followAll } from './follow-all.js';
import { EMPTY_CHAIN, chainEvents, toRecordedEvent, type ChainHead } from './hash-chain.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  stream_version INTEGER NOT NULL,
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (stream_id, stream_version)
)`;

const COLUMNS = 'position, id, stream_id, stream_version, type, version, data, metadata, prev_hash, hash';
type Row = [number, string, string, number, string, number, string, string, string, string];

const toEvent = (row: Row): RecordedEvent => ({
  position: row[0],
  id: row[1],
  streamId: row[2],
  streamVersion: row[3],
  type: row[4],
  version: row[5],
  data: JSON.parse(row[6]) as unknown,
  metadata: JSON.parse(row[7]) as RecordedEvent['metadata'],
  prevHash: row[8],
  hash: row[9],
});

/**
 * The embedded default: one SQLite file (`<dataDir>/events.sqlite`), no server.
 *
 * Journal mode WAL (readers never block the appender) with `synchronous = FULL`: every committed
 * append is fsynced to the WAL before append() returns. NORMAL would survive a killed process
 * but may lose the last commits on power loss; since the log is the archive's source of truth
 * and side effects (published repositories, mails, answers to dput) follow an append, an
 * acknowledged event must never disappear. Batched appends pay one fsync per batch.
 *
 * Appends run in a BEGIN IMMEDIATE transaction: expected-version check, positions, hash chain and
 * inserts commit together or not at all (also when the process is killed mid-way).
 */
export class SqliteEventStore extends UpcastingEventStore {
  private readonly appendedSubject = new Subject<void>();
  private readonly appendTransaction: (streamId: string, events: readonly Event[], expected: ExpectedVersion) => AppendResult;
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    super();
    this.statements = {
      insert: db.prepare(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      streamRevision: db.prepare('SELECT max(stream_version) FROM events WHERE stream_id = ?').pluck(),
      head: db.prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1'),
      readStream: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version >= ? ORDER BY stream_version`).raw(),
      readAll: db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(),
    };
    this.appendTransaction = db.transaction((streamId: string, events: readonly Event[], expected: ExpectedVersion) => {
      const max = this.statements.streamRevision.get(streamId) as number | null;
      const actual = max ?? 'no-stream';
      checkExpectedVersion(streamId, expected, actual);
      const head = (this.statements.head.get() as ChainHead | undefined) ?? EMPTY_CHAIN;
      const chained = chainEvents(head, streamId, nextStreamVersion(actual), events);
      for (const e of chained) {
        this.statements.insert.run(e.position, e.id, e.streamId, e.streamVersion, e.type, e.version, e.dataJson, e.metadataJson, e.prevHash, e.hash);
      }
      const last = chained.at(-1);
      return {
        nextExpectedVersion: last?.streamVersion ?? max ?? -1,
        position: last?.position ?? head.position,
        events: chained.map(toRecordedEvent),
      };
    }).immediate;
  }

  /**
   * Opens (creating if absent) the store in `file`. A file that is not an SQLite database, is
   * truncated or fails `PRAGMA quick_check` throws EventStoreUnavailableError naming the file.
   */
  static open(file: string): Promise<SqliteEventStore> {
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new Database(file, { timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      const problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
      const report = problems.map((row) => row.quick_check);
      if (report.length !== 1 || report[0] !== 'ok') throw new Error(`integrity check failed: ${report.slice(0, 5).join('; ')}`);
      db.exec(SCHEMA);
      return Promise.resolve(new SqliteEventStore(db));
    } catch (error) {
      db?.close();
      const reason = error instanceof Error ? error.message : String(error);
      return Promise.reject(
        new EventStoreUnavailableError(`SQLite event store ${file} cannot be opened: ${reason} (is it corrupt or truncated? restore it from a backup)`, { cause: error }),
      );
    }
  }

  append(streamId: string, events: readonly Event[], expected: ExpectedVersion): Promise<AppendResult> {
    try {
      const result = this.appendTransaction(streamId, events, expected);
      if (events.length > 0) this.appendedSubject.next();
      return Promise.resolve(result);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  protected readStoredStream(streamId: string, from: number): Promise<RecordedEvent[]> {
    return this.query(() => (this.statements.readStream.all(streamId, from) as Row[]).map(toEvent));
  }

  protected readStoredAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.query(() => (this.statements.readAll.all(options.after ?? 0, options.limit ?? -1) as Row[]).map(toEvent));
  }

  headPosition(): Promise<number> {
    return this.query(() => (this.statements.head.get() as ChainHead | undefined)?.position ?? 0);
  }

  protected subscribeStored(after: number): Observable<RecordedEvent> {
    return followAll({ readPage: (from, limit) => this.readStoredAll({ after: from, limit }), appended: this.appendedSubject }, after);
  }

  close(): Promise<void> {
    if (this.db.open) {
      this.appendedSubject.complete();
      this.db.close();
    }
    return Promise.resolve();
  }

  private query<T>(read: () => T): Promise<T> {
    try {
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}
