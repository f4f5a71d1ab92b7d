import { Injectable } from '@nestjs/common';
import { parkedEventsDecider, type CommandMetadata } from '@mbd/archive';
import { EventStore, followerStream, handleCommand } from '@mbd/events';
import { ArchiveRequestError } from '../installing/archive-commands.service.js';

/** The operator's side of parked events: hand one back to its follower (`mbd retry <follower>@<position>`). */
@Injectable()
export class ParkedEventsService {
  constructor(private readonly store: EventStore) {}

  async retry(follower: string, position: number, metadata: CommandMetadata): Promise<{ position: number }> {
    const projection = /^projection-(.+)$/.exec(follower)?.[1];
    if (projection) {
      throw new ArchiveRequestError('bad-request', `a read model is not mended one event at a time: rebuild it with \`mbd projections rebuild ${projection}\``);
    }
    const result = await handleCommand(this.store, followerStream(follower), parkedEventsDecider, {
      type: 'RetryParkedEvent',
      data: { follower, position },
      metadata,
    });
    return { position: result.events.at(-1)?.position ?? 0 };
  }
}
