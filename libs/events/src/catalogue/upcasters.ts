import type { Event, RecordedEvent } from '../event.js';
import { upcastUploadRejectedV0 } from './upload/upload-rejected.event.js';

/**
 * Upcasters turn an event stored under an old schema version into the next version, on read;
 * stored events are never rewritten. Register one per (type, fromVersion); `upcast` chains them.
 */
export type Upcaster<TFrom = never> = (data: TFrom) => unknown;

const upcasters = new Map<string, Upcaster<unknown>>();
const key = (type: string, fromVersion: number): string => `${type}@${fromVersion}`;

export const registerUpcaster = <TFrom>(type: string, fromVersion: number, upcaster: Upcaster<TFrom>): void => {
  const id = key(type, fromVersion);
  if (upcasters.has(id)) throw new Error(`an upcaster for ${type} version ${fromVersion} is already registered`);
  upcasters.set(id, upcaster as Upcaster<unknown>);
};

/** Applies every upcaster from the event's version onwards; an event with none is returned unchanged. */
export const upcast = <E extends Event>(event: E): E => {
  let current: Event = event;
  for (let upcaster = upcasters.get(key(current.type, current.version)); upcaster; ) {
    current = { ...current, version: current.version + 1, data: upcaster(current.data) };
    upcaster = upcasters.get(key(current.type, current.version));
  }
  return current as E;
};

/** The stored form of each event upcastRecorded changed, for the hash chain (which covers what is stored). */
const storedForms = new WeakMap<RecordedEvent, RecordedEvent>();

/** `upcast` for an event read from the store: the upcast event remembers its stored form (`storedForm`). */
export const upcastRecorded = (stored: RecordedEvent): RecordedEvent => {
  const current = upcast(stored);
  if (current !== stored) storedForms.set(current, storedForm(stored));
  return current;
};

/** The event as the store holds it: the stored form of an event upcastRecorded made, else the event itself. */
export const storedForm = (event: RecordedEvent): RecordedEvent => storedForms.get(event) ?? event;

registerUpcaster('UploadRejected', 0, upcastUploadRejectedV0);
