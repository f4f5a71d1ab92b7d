import type { Decider, Event } from '@mbd/events';
import { expect } from 'vitest';
import { type Command, foldEvents } from '../decider.js';

/**
 * Given/when/then for deciders (Emmett's DeciderSpecification): given the events already in the
 * stream, when a command is decided, then exactly these events result. For unit tests only.
 */
export const deciderSpecification = <TCommand extends Command, TState, TEvent extends Event>(
  decider: Decider<TState, TCommand, TEvent>,
) => {
  const given = (events: readonly TEvent[]) => ({
    when: (command: TCommand) => {
      const decided = (): TEvent[] => [decider.decide(command, foldEvents(decider, events))].flat() as TEvent[];
      return {
        then: (expected: readonly TEvent[]): void => {
          expect(decided()).toEqual(expected);
        },
        thenNothing: (): void => {
          expect(decided()).toEqual([]);
        },
        /** The decided events, for assertions on part of them. */
        events: decided,
        /** The state after the decided events. */
        state: (): TState => foldEvents(decider, [...events, ...decided()]),
      };
    },
  });
  return given;
};
