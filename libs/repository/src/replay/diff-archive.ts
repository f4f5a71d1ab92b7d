import type { Actor, EventStore, RecordedEvent } from '@mbd/events';
import type { ArchiveOperation } from '../materialize/archive-operation.js';
import { planArchiveOperations } from '../materialize/plan-archive-operations.js';
import { readLogUntil, resolveLogBound, type LogBound } from './log-bound.js';

/** An event that changed a distribution, as `mbd archive diff` shows it. */
export interface ArchiveDiffCause {
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly uploadId?: string;
}

/** One source whose version in one distribution differs between the two bounds. */
export interface ArchiveDiffEntry {
  readonly distribution: string;
  readonly source: string;
  readonly change: 'entered' | 'left' | 'replaced';
  readonly before?: string;
  readonly after?: string;
  /** The events between the bounds that touched this source in this distribution, in log order. */
  readonly causes: readonly ArchiveDiffCause[];
}

export interface ArchiveDiff {
  readonly from: number;
  readonly to: number;
  readonly entries: readonly ArchiveDiffEntry[];
}

/** distribution → source → version, as the operations leave it. */
type Contents = Map<string, Map<string, string>>;

const keyOf = (distribution: string, source: string): string => `${distribution}\u0000${source}`;

const sourcesOf = (contents: Contents, distribution: string): Map<string, string> => {
  let sources = contents.get(distribution);
  if (!sources) contents.set(distribution, (sources = new Map()));
  return sources;
};

/** The (distribution, source) an operation changes, applying it to `contents`. */
function applyOperation(contents: Contents, operation: ArchiveOperation): { distribution: string; source: string } | undefined {
  switch (operation.kind) {
    case 'configure':
      return undefined;
    case 'include':
      sourcesOf(contents, operation.distribution).set(operation.source, operation.version);
      return { distribution: operation.distribution, source: operation.source };
    case 'copy':
      if (contents.get(operation.from)?.get(operation.source) !== operation.version) return undefined;
      sourcesOf(contents, operation.to).set(operation.source, operation.version);
      return { distribution: operation.to, source: operation.source };
    case 'remove': {
      const sources = contents.get(operation.distribution);
      if (sources?.get(operation.source) !== operation.version) return undefined;
      sources.delete(operation.source);
      return { distribution: operation.distribution, source: operation.source };
    }
    default: {
      const unexpected: never = operation;
      throw new Error(`unknown archive operation ${JSON.stringify(unexpected)}`);
    }
  }
}

const causeOf = (event: RecordedEvent): ArchiveDiffCause => {
  const uploadId = (event.data as { uploadId?: unknown }).uploadId;
  return {
    position: event.position,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    ...(typeof uploadId === 'string' ? { uploadId } : {}),
  };
};

/**
 * What entered and left each distribution (rollbacks included) between two bounds of the log, with the
 * events that caused it. Computed from the log with the reactor's own operations, without reprepro.
 */
export async function diffArchive(store: EventStore, from: LogBound, to: LogBound): Promise<ArchiveDiff> {
  const fromPosition = await resolveLogBound(store, from);
  const toPosition = await resolveLogBound(store, to);
  const contents: Contents = new Map();
  let before: Contents = new Map();
  const causes = new Map<string, ArchiveDiffCause[]>();
  const snapshot = (): Contents => new Map([...contents].map(([distribution, sources]) => [distribution, new Map(sources)]));
  if (fromPosition === 0) before = snapshot();
  for await (const events of readLogUntil(store, { position: Math.max(fromPosition, toPosition) })) {
    for (const event of events) {
      for (const operation of planArchiveOperations(event)) {
        const touched = applyOperation(contents, operation);
        if (!touched || event.position <= Math.min(fromPosition, toPosition)) continue;
        const key = keyOf(touched.distribution, touched.source);
        const list = causes.get(key) ?? [];
        if (list.at(-1)?.position !== event.position) list.push(causeOf(event));
        causes.set(key, list);
      }
      if (event.position === Math.min(fromPosition, toPosition)) before = snapshot();
    }
  }
  const [older, newer] = fromPosition <= toPosition ? [before, contents] : [contents, before];
  const distributions = [...new Set([...older.keys(), ...newer.keys()])].sort();
  const entries = distributions.flatMap((distribution) => {
    const was = older.get(distribution) ?? new Map<string, string>();
    const is = newer.get(distribution) ?? new Map<string, string>();
    return [...new Set([...was.keys(), ...is.keys()])]
      .sort()
      .filter((source) => was.get(source) !== is.get(source))
      .map((source): ArchiveDiffEntry => {
        const previous = was.get(source);
        const next = is.get(source);
        return {
          distribution,
          source,
          change: previous === undefined ? 'entered' : next === undefined ? 'left' : 'replaced',
          ...(previous === undefined ? {} : { before: previous }),
          ...(next === undefined ? {} : { after: next }),
          causes: causes.get(keyOf(distribution, source)) ?? [],
        };
      });
  });
  return { from: fromPosition, to: toPosition, entries };
}
