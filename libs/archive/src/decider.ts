import type { Actor, Decider, Event, EventMetadata } from '@mbd/events';

/**
 * What a decider needs from the outside world, passed in rather than looked up: the time, who asks,
 * and which upload or command this belongs to. Deciders never read a clock or make ids.
 */
export interface CommandMetadata {
  /** Wall-clock time of the command, ISO 8601 UTC; becomes the events' `occurredAt`. */
  readonly now: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string;
}

/** An imperative request (`InstallPackage`, `MigratePackage`); the decider answers with events. */
export interface Command<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly metadata: CommandMetadata;
}

/** The metadata of the events a command causes. */
export const eventMetadata = (metadata: CommandMetadata): EventMetadata => ({
  actor: metadata.actor,
  correlationId: metadata.correlationId,
  ...(metadata.causationId === undefined ? {} : { causationId: metadata.causationId }),
  occurredAt: metadata.now,
});

/** Ends every switch over a closed union: a new case that is not handled fails to compile. */
export const assertNever = (value: never, what: string): never => {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
};

/** The state of a stream: its events folded from the decider's initial state. */
export const foldEvents = <TState, TEvent extends Event>(
  decider: Pick<Decider<TState, never, TEvent>, 'evolve' | 'initialState'>,
  events: readonly TEvent[],
): TState => events.reduce(decider.evolve, decider.initialState());
