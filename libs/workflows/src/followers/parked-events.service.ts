import { Injectable } from '@nestjs/common';
import { parkedEventsDecider, type CommandMetadata } from '@mbd/archive';
import { EventStore, followerStream, handleCommand } from '@mbd/events';

/** The operator's side of parked events: hand one back to its follower (`mbd retry <follower>@<position>`). */
@Injectable()
export class ParkedEventsService {
  constructor(private readonly store: EventStore) {}

  async retry(follower: string, position: number, metadata: CommandMetadata): Promise<{ position: number }> {
    const result = await handleCommand(this.store, followerStream(follower), parkedEventsDecider, {
      type: 'RetryParkedEvent',
      data: { follower, position },
      metadata,
    });
    return { position: result.events.at(-1)?.position ?? 0 };
  }
}
