import type { RecordedEvent } from '../event.js';
import { EventParked } from '../catalogue/follower/event-parked.event.js';
import { ParkedEventRetried } from '../catalogue/follower/parked-event-retried.event.js';
import { followerStream } from '../catalogue/streams.js';
import type { EventStore } from '../store/event-store.port.js';

/** The daemon's metadata for an event about `cause` (the event a follower parked or handled). */
const about = (cause: RecordedEvent) => ({
  actor: { kind: 'daemon' } as const,
  correlationId: cause.metadata.correlationId,
  causationId: cause.id,
  occurredAt: new Date().toISOString(),
});

/** Records in `follower-<follower>` that the follower gave up on `event` (EventParked); returns when it was parked. */
export async function recordParked(store: EventStore, follower: string, event: RecordedEvent, reason: string, attempts: number): Promise<string> {
  const parked = EventParked.create(
    { follower, position: event.position, eventId: event.id, eventType: event.type, reason: reason.slice(0, 4000) || 'unknown error', attempts },
    about(event),
  );
  await store.append(followerStream(follower), [parked], 'any');
  return parked.metadata.occurredAt;
}

/** Records in `follower-<follower>` that a parked event was handled after all (ParkedEventRetried by the daemon). */
export async function recordUnparked(store: EventStore, follower: string, event: RecordedEvent): Promise<void> {
  await store.append(followerStream(follower), [ParkedEventRetried.create({ follower, position: event.position }, about(event))], 'any');
}
