import { EventParked, ParkedEventRetried, followerStream, type EventStore, type RecordedEvent } from '@mbd/events';
import { applyEvents } from '../materialize/apply-events.js';
import type { ArchiveTrees } from '../materialize/archive-trees.js';
import { changesPublishedTrees } from '../materialize/plan-archive-operations.js';

/** The archive reactor's follower name: its parked events are the ones reprepro refused. */
export const ARCHIVE_FOLLOWER = 'archive';

/**
 * Replays the log into trees the way the archive reactor published it. The reactor applies a batch,
 * and when it fails, each event alone, parking those that keep failing (reprepro refused them), with
 * whatever part of them reprepro did apply. The replay does the same: an event the reactor parked is
 * applied where it happened and again where an operator retried it (ParkedEventRetried), and its
 * failure is tolerated there, so a deterministic refusal leaves the same trees as it did live. Any
 * other failure is a real replay failure.
 */
export class PublishedReplay {
  private constructor(
    private readonly store: EventStore,
    private readonly trees: ArchiveTrees,
    private readonly parked: ReadonlySet<number>,
  ) {}

  static async of(store: EventStore, trees: ArchiveTrees): Promise<PublishedReplay> {
    const parked = new Set<number>();
    for (const event of await store.readStream(followerStream(ARCHIVE_FOLLOWER))) {
      if (EventParked.is(event) && event.data.follower === ARCHIVE_FOLLOWER) parked.add(event.data.position);
    }
    return new PublishedReplay(store, trees, parked);
  }

  /** Applies one page of the log (in order). */
  async apply(page: readonly RecordedEvent[]): Promise<void> {
    const events: RecordedEvent[] = [];
    for (const event of page) {
      if (ParkedEventRetried.is(event) && event.data.follower === ARCHIVE_FOLLOWER) {
        const [target] = await this.store.readAll({ after: event.data.position - 1, limit: 1 });
        if (target?.position === event.data.position) events.push(target);
      } else if (changesPublishedTrees(event)) {
        events.push(event);
      }
    }
    if (events.length === 0) return;
    try {
      await applyEvents(this.trees, events);
    } catch (error) {
      if (!events.some((event) => this.parked.has(event.position))) throw error;
      for (const event of events) {
        await applyEvents(this.trees, [event]).catch((single: unknown) => {
          if (!this.parked.has(event.position)) throw single;
        });
      }
    }
  }
}
