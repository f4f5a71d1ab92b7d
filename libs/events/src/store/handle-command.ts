import type { Event, RecordedEvent } from '../event.js';
import { WrongExpectedVersionError, isWrongExpectedVersionError } from './errors.js';
import type { EventStore } from './event-store.port.js';

/**
 * A decider: three pure functions. `decide` turns a command and the current state into the events
 * that happened (none, one or several); `evolve` folds one event into the state.
 */
export interface Decider<State, Command, E extends Event = Event> {
  decide(command: Command, state: State): E | readonly E[];
  evolve(state: State, event: E): State;
  initialState(): State;
}

export interface HandleCommandOptions<E extends Event> {
  /**
   * The stream version the caller saw (an HTTP If-Match): if the stream has moved on, the command
   * fails with WrongExpectedVersionError at once instead of being retried.
   */
  readonly expectedVersion?: number | 'no-stream';
  /**
   * Turns an event as read into the shape `evolve` knows. The store has already upcast it to the
   * current version of its type (EventStore reads do); this is for a decider's own mapping. Default: as read.
   */
  readonly upcast?: (event: RecordedEvent) => RecordedEvent<E>;
  /** Retries after a concurrent append to the same stream: default 3, first after 100 ms, each wait ×1.5. */
  readonly retries?: number;
  readonly minTimeoutMs?: number;
  readonly factor?: number;
}

export interface HandleCommandResult<State, E extends Event> {
  /** The events the command appended, as stored (empty if the decider decided nothing). */
  readonly events: RecordedEvent<E>[];
  /** The state after those events. */
  readonly state: State;
  /** The stream's revision afterwards (-1: the stream still does not exist). */
  readonly nextExpectedVersion: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one way commands reach the store: read the stream, fold it into state, decide, append with
 * the version read as expected version. When another writer appended in between, the whole cycle
 * runs again on the new state (with backoff), so deciders always decide on what is really stored.
 */
export async function handleCommand<State, Command, E extends Event>(
  store: EventStore,
  streamId: string,
  decider: Decider<State, Command, E>,
  command: Command,
  options: HandleCommandOptions<E> = {},
): Promise<HandleCommandResult<State, E>> {
  const { retries = 3, minTimeoutMs = 100, factor = 1.5 } = options;
  const upcast = options.upcast ?? ((event: RecordedEvent) => event as RecordedEvent<E>);
  for (let attempt = 0; ; attempt++) {
    const stored = (await store.readStream(streamId)).map(upcast);
    const state = stored.reduce<State>((current, event) => decider.evolve(current, event), decider.initialState());
    const version = stored.at(-1)?.streamVersion ?? 'no-stream';
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new WrongExpectedVersionError(streamId, options.expectedVersion, version);
    }
    const decided = decider.decide(command, state);
    const toAppend: readonly E[] = Array.isArray(decided) ? decided : [decided as E];
    if (toAppend.length === 0) return { events: [], state, nextExpectedVersion: version === 'no-stream' ? -1 : version };
    try {
      const result = await store.append(streamId, toAppend, version);
      const appended = result.events as RecordedEvent<E>[];
      return {
        events: appended,
        state: appended.reduce<State>((current, event) => decider.evolve(current, event), state),
        nextExpectedVersion: result.nextExpectedVersion,
      };
    } catch (error) {
      if (!isWrongExpectedVersionError(error) || attempt >= retries) throw error;
      await sleep(minTimeoutMs * factor ** attempt);
    }
  }
}
