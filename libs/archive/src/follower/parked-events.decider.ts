import { type Decider, type FollowerEvent, ParkedEventRetried } from '@mbd/events';
import { type Command, assertNever, eventMetadata } from '../decider.js';
import { ArchiveError } from '../errors.js';

/** An operator asks a follower to handle a parked event again. */
export type RetryParkedEvent = Command<'RetryParkedEvent', { readonly follower: string; readonly position: number }>;

/** The positions a follower has parked and nobody has retried yet. */
export interface ParkedEventsState {
  readonly parked: ReadonlySet<number>;
}

const evolve = (state: ParkedEventsState, event: FollowerEvent): ParkedEventsState => {
  switch (event.type) {
    case 'EventParked':
      return { parked: new Set(state.parked).add(event.data.position) };
    case 'ParkedEventRetried': {
      const parked = new Set(state.parked);
      parked.delete(event.data.position);
      return { parked };
    }
    default:
      return assertNever(event, 'follower event');
  }
};

const decide = (command: RetryParkedEvent, state: ParkedEventsState): FollowerEvent[] => {
  const { follower, position } = command.data;
  if (!state.parked.has(position)) throw new ArchiveError('not-parked', `${follower} has no parked event at position ${position}`);
  return [ParkedEventRetried.create({ follower, position }, eventMetadata(command.metadata))];
};

/** The decider of a follower's stream (`follower-<name>`): an event can be retried once per parking. */
export const parkedEventsDecider = {
  decide,
  evolve,
  initialState: (): ParkedEventsState => ({ parked: new Set() }),
} satisfies Decider<ParkedEventsState, RetryParkedEvent, FollowerEvent>;
