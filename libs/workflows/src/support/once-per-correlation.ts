import type { Decider, Event } from '@mbd/events';

export interface OncePerCorrelationState<State> {
  readonly inner: State;
  /** The stream already holds an event of the correlation: the work was decided (done or refused) before. */
  readonly decided: boolean;
}

/**
 * `decider` deciding at most once per correlation on a stream: once the stream holds an event of
 * `correlationId` (an install of that upload, or its refusal), the command decides nothing. Through
 * handleCommand the check and the append are one expected-version append, so of several daemons
 * following one log and reacting to the same event, one decides and the others see its events.
 */
export const oncePerCorrelation = <State, Command, E extends Event>(
  decider: Decider<State, Command, E>,
  correlationId: string,
): Decider<OncePerCorrelationState<State>, Command, E> => ({
  initialState: () => ({ inner: decider.initialState(), decided: false }),
  evolve: (state, event) => ({ inner: decider.evolve(state.inner, event), decided: state.decided || event.metadata.correlationId === correlationId }),
  decide: (command, state) => (state.decided ? [] : decider.decide(command, state.inner)),
});
