import type { EventParked } from './event-parked.event.js';
import type { ParkedEventRetried } from './parked-event-retried.event.js';

/** Everything in a follower's stream (`follower-<name>`): what it parked and what was retried. */
export type FollowerEvent = EventParked | ParkedEventRetried;
