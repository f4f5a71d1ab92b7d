/**
 * The event envelope shared by every stream. An event is a past-tense fact in Debian's words,
 * with a schema `version`; old versions are upcast when read, never rewritten.
 * Events carry SHA-256s and sizes, never file bytes.
 */

/** Who caused an event: a logged-in user, an OpenPGP key (uploads), a remote instance or the daemon itself. */
export type Actor =
  | { readonly kind: 'user'; readonly name: string }
  | { readonly kind: 'key'; readonly fingerprint: string; readonly uid?: string }
  | { readonly kind: 'remote'; readonly name: string }
  | { readonly kind: 'daemon' };

export interface EventMetadata {
  readonly actor: Actor;
  /** The upload or command this event belongs to. */
  readonly correlationId: string;
  /** The id of the event (or command) that directly caused this one. */
  readonly causationId?: string;
  /** Wall-clock time, ISO 8601 UTC. */
  readonly occurredAt: string;
}

/** An event as deciders produce it and as it is appended. */
export interface Event<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly version: number;
  readonly data: TData;
  readonly metadata: EventMetadata;
}

/** An event as the store returns it. */
export type RecordedEvent<E extends Event = Event> = E & {
  /** Unique id (UUID) of this stored event. */
  readonly id: string;
  readonly streamId: string;
  /** 0-based revision of the event within its stream. */
  readonly streamVersion: number;
  /** 1-based position in the global order of the store. */
  readonly position: number;
  /** SHA-256 (hex) of the predecessor in the global order ('' for the first event). */
  readonly prevHash: string;
  /** SHA-256 (hex) over prevHash and this event's canonical content. */
  readonly hash: string;
};

/** A file an event refers to: content-addressed in the blob store. */
export interface FileRef {
  readonly name: string;
  readonly sha256: string;
  readonly size: number;
}
