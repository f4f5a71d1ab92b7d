import { hash as digest } from 'node:crypto';
import { storedForm } from '../catalogue/upcasters.js';
import type { Event, RecordedEvent } from '../event.js';
import { newEventId } from './event-id.js';

/**
 * The hash chain over the global order: every stored event carries the SHA-256 of its predecessor
 * (`prevHash`, '' for position 1) and its own `hash` = sha256(prevHash + canonical JSON of
 * {data, id, metadata, position, streamId, streamVersion, type, version}). Canonical JSON is
 * JSON.stringify with object keys sorted at every level, so a value read back from any store
 * (JSON text, JSONB, KurrentDB) hashes to the same bytes it was appended with.
 */

/** JSON with object keys sorted at every level; `undefined` members are left out like JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  // Fast path: a copy of the value whose objects have their keys in sorted order (often the value itself),
  // written by the native JSON.stringify. Values it cannot order that way are written member by member.
  const sorted = sortedKeys(value);
  return sorted === UNORDERABLE ? canonicalJsonText(value) : (JSON.stringify(sorted) ?? 'null');
}

/** Marks a value whose canonical text JSON.stringify cannot write (see sortedKeys). */
const UNORDERABLE = Symbol('unorderable');

/**
 * The value with every plain object's keys in sorted order: the same object where they already are,
 * a copy where not. UNORDERABLE where JSON.stringify would write it differently from canonicalJsonText
 * or could not keep the order: integer-like keys (objects list them first, in numeric order),
 * `__proto__`, symbols, and objects that are neither plain nor arrays (class instances, boxed values).
 */
function sortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'symbol' ? UNORDERABLE : value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sortedKeys((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = sortedKeys(item);
      if (sorted === UNORDERABLE) return UNORDERABLE;
      if (sorted !== item) (copy ??= value.slice())[i] = sorted;
    }
    return copy ?? value;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return UNORDERABLE;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const first = key.charCodeAt(0);
    if ((first >= 48 && first <= 57) || key === '__proto__') return UNORDERABLE;
    if (i > 0 && keys[i - 1]! > key) inOrder = false;
  }
  if (!inOrder) keys.sort();
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = record[key];
    const sorted = sortedKeys(item);
    if (sorted === UNORDERABLE) return UNORDERABLE;
    if (copy === undefined && sorted !== item) {
      // In order so far and unchanged: the copy starts with the members before this one as they are.
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy !== undefined) copy[key] = sorted;
  }
  return copy ?? value;
}

/** canonicalJson written member by member, for any value. */
function canonicalJsonText(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = value[i];
      out += item === undefined || typeof item === 'function' ? 'null' : canonicalJsonText(item);
    }
    return out + ']';
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalJsonText((value as { toJSON(): unknown }).toJSON());
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJsonText(item)}`;
    first = false;
  }
  return out + '}';
}

/** The chained fields of an event whose `data` and `metadata` are already canonical JSON text. */
export interface ChainedFields {
  readonly position: number;
  readonly id: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly version: number;
  readonly dataJson: string;
  readonly metadataJson: string;
}

/**
 * Hash of one event, given its predecessor's hash. Adapters call this with the canonical text they
 * store, so each event is serialized once; the key order below is the sorted one.
 */
export function eventHash(prevHash: string, fields: ChainedFields): string {
  const content =
    `{"data":${fields.dataJson},"id":${JSON.stringify(fields.id)},"metadata":${fields.metadataJson},` +
    `"position":${fields.position},"streamId":${JSON.stringify(fields.streamId)},` +
    `"streamVersion":${fields.streamVersion},"type":${JSON.stringify(fields.type)},"version":${fields.version}}`;
  return digest('sha256', prevHash + content, 'hex');
}

/** Hash of a recorded event as it was read back: over its stored form, also when reads upcast it. */
export const recordedEventHash = (read: RecordedEvent): string => {
  const event = storedForm(read);
  return eventHash(event.prevHash, {
    ...event,
    dataJson: canonicalJson(event.data),
    metadataJson: canonicalJson(event.metadata),
  });
};

export type ChainVerification =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly position: number; readonly reason: string };

/**
 * Recomputes the chain over events in global order (from position 1) and reports the first
 * position whose link or content does not match.
 */
export async function verifyChain(events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>): Promise<ChainVerification> {
  let count = 0;
  let previous: RecordedEvent | undefined;
  for await (const event of events) {
    const expectedPosition = previous ? previous.position + 1 : 1;
    if (event.position !== expectedPosition) {
      return { ok: false, position: event.position, reason: `position ${event.position} follows ${expectedPosition - 1}: the log has a gap or is out of order` };
    }
    const expectedPrevHash = previous?.hash ?? '';
    if (event.prevHash !== expectedPrevHash) {
      return { ok: false, position: event.position, reason: `prevHash ${event.prevHash || "''"} does not match the hash ${expectedPrevHash || "''"} of position ${expectedPosition - 1}` };
    }
    const hash = recordedEventHash(event);
    if (event.hash !== hash) {
      return { ok: false, position: event.position, reason: `event ${event.id} (${event.type} in ${event.streamId}) was changed: stored hash ${event.hash}, recomputed ${hash}` };
    }
    previous = event;
    count += 1;
  }
  return { ok: true, count };
}

/** The last event of the global order, which the next append links to. */
export interface ChainHead {
  readonly position: number;
  readonly hash: string;
}

export const EMPTY_CHAIN: ChainHead = { position: 0, hash: '' };

/** An event ready to be written: positioned, serialized once, and linked into the chain. */
export interface ChainedEvent extends ChainedFields {
  readonly prevHash: string;
  hash: string;
  readonly event: Event;
}

/**
 * Positions, ids, stream versions and hashes for `events` appended to `streamId` after `head`,
 * the first one getting stream version `firstStreamVersion`.
 */
export function chainEvents(head: ChainHead, streamId: string, firstStreamVersion: number, events: readonly Event[]): ChainedEvent[] {
  const chained: ChainedEvent[] = [];
  let prevHash = head.hash;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const next: ChainedEvent = {
      position: head.position + 1 + i,
      id: newEventId(),
      streamId,
      streamVersion: firstStreamVersion + i,
      type: event.type,
      version: event.version,
      dataJson: canonicalJson(event.data),
      metadataJson: canonicalJson(event.metadata),
      prevHash,
      hash: '',
      event,
    };
    next.hash = eventHash(prevHash, next);
    chained.push(next);
    prevHash = next.hash;
  }
  return chained;
}

/** The recorded form of a chained event, as append returns it. */
export const toRecordedEvent = (chained: ChainedEvent): RecordedEvent => ({
  type: chained.type,
  version: chained.version,
  data: chained.event.data,
  metadata: chained.event.metadata,
  id: chained.id,
  streamId: chained.streamId,
  streamVersion: chained.streamVersion,
  position: chained.position,
  prevHash: chained.prevHash,
  hash: chained.hash,
});
