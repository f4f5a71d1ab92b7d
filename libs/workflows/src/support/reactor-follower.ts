import { LogFollower, type Checkpoint, type EventStore, type RecordedEvent, type RetryPolicy } from '@mbd/events';

/** A process manager driven by a LogFollower: which events it wants, how it handles one, what giving up on one means. */
export interface Reactor {
  accepts(event: RecordedEvent): boolean;
  handle(event: RecordedEvent): Promise<void>;
  giveUp(event: RecordedEvent, reason: string): Promise<void>;
}

/** The LogFollower that drives `reactor` (the packager, source lintian, install), one event at a time. */
export const reactorFollower = (
  store: EventStore,
  name: string,
  reactor: Reactor,
  checkpoint: Checkpoint,
  retry?: Partial<RetryPolicy>,
): LogFollower =>
  new LogFollower({
    name,
    store,
    checkpoint,
    accepts: (event) => reactor.accepts(event),
    handle: async (events) => {
      for (const event of events) await reactor.handle(event);
    },
    giveUp: (event, reason) => reactor.giveUp(event, reason),
    ...(retry ? { retry } : {}),
  });
