import {
  InMemoryEventStore,
  LogFollower,
  MemoryCheckpoint,
  SourceLinted,
  UnprocessableEventError,
  followerStream,
  uploadStream,
  type RecordedEvent,
} from '@mbd/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { ParkedEventsService } from './parked-events.service.js';

const operator = () => daemonCommandMetadata('mbd-retry', undefined, { kind: 'user', name: 'admin' });

describe('ParkedEventsService (in-memory event store, a real LogFollower that parks)', () => {
  let store: InMemoryEventStore;
  let follower: LogFollower;
  let service: ParkedEventsService;
  /** Uploads whose events the follower's handler cannot handle (yet). */
  const broken = new Set<string>();
  /** Positions the handler handled successfully, in order. */
  let handled: number[];

  beforeEach(async () => {
    store = new InMemoryEventStore();
    service = new ParkedEventsService(store);
    handled = [];
    broken.clear();
    follower = new LogFollower({
      name: 'tester',
      store,
      checkpoint: new MemoryCheckpoint(),
      accepts: (event) => SourceLinted.is(event),
      handle: async (events) => {
        for (const event of events) {
          const { uploadId } = event.data as { uploadId: string };
          if (broken.has(uploadId)) throw new UnprocessableEventError(`${uploadId} cannot be handled`);
          handled.push(event.position);
        }
      },
      retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 },
    });
    await follower.start();
  });

  afterEach(async () => {
    await follower.stop();
    await store.close();
  });

  async function linted(uploadId: string): Promise<RecordedEvent> {
    const event = SourceLinted.create(
      { uploadId, source: 'hello', version: '1.0-1', lintian: { errors: 0, warnings: 0 } },
      { actor: { kind: 'daemon' }, correlationId: uploadId, occurredAt: new Date().toISOString() },
    );
    const { events } = await store.append(uploadStream(uploadId), [event], 'any');
    return events[0]!;
  }

  /** Waits until the follower has dealt with everything in the log (handled, skipped or parked). */
  const caughtUp = async (): Promise<void> => follower.caughtUp(await store.headPosition());

  const followerEvents = async () => (await store.readStream(followerStream('tester'))).map((event) => ({ type: event.type, data: event.data }));

  it('hands a parked event back to its follower: ParkedEventRetried is recorded and the follower handles the event again', async () => {
    broken.add('u-poison');
    const poison = await linted('u-poison');
    const good = await linted('u-good');
    await caughtUp();
    expect(handled).toEqual([good.position]);
    expect(await followerEvents()).toMatchObject([{ type: 'EventParked', data: { follower: 'tester', position: poison.position, eventType: 'SourceLinted' } }]);

    broken.delete('u-poison'); // the operator fixed what was wrong
    const { position } = await service.retry('tester', poison.position, operator());
    expect(position).toBe(await store.headPosition());
    await follower.caughtUp(position);

    expect(await followerEvents()).toEqual([
      expect.objectContaining({ type: 'EventParked' }),
      { type: 'ParkedEventRetried', data: { follower: 'tester', position: poison.position } },
    ]);
    expect(handled).toEqual([good.position, poison.position]);
    expect((await follower.status()).parked).toEqual([]);
  });

  it('refuses to retry a position the follower never parked', async () => {
    const good = await linted('u-good');
    await caughtUp();
    await expect(service.retry('tester', good.position, operator())).rejects.toMatchObject({
      name: 'ArchiveError',
      code: 'not-parked',
      message: `tester has no parked event at position ${good.position}`,
    });
    await expect(service.retry('tester', 999, operator())).rejects.toMatchObject({ code: 'not-parked' });
    expect(await followerEvents()).toEqual([]);
  });

  it('refuses to retry an event a projection parked, pointing to a rebuild of the read model', async () => {
    await expect(service.retry('projection-audit-log', 1, operator())).rejects.toMatchObject({
      code: 'bad-request',
      message: 'a read model is not mended one event at a time: rebuild it with `mbd projections rebuild audit-log`',
    });
  });

  it('refuses a second retry of the same parking', async () => {
    broken.add('u-poison');
    const poison = await linted('u-poison');
    await caughtUp();
    broken.clear();

    await service.retry('tester', poison.position, operator());
    await expect(service.retry('tester', poison.position, operator())).rejects.toMatchObject({
      code: 'not-parked',
      message: `tester has no parked event at position ${poison.position}`,
    });
    await caughtUp();
    expect((await followerEvents()).map((event) => event.type)).toEqual(['EventParked', 'ParkedEventRetried']);
    expect(handled).toEqual([poison.position]);
  });

  it('allows a retry again once the follower parked the event again (the retry failed too)', async () => {
    broken.add('u-poison');
    const poison = await linted('u-poison');
    await caughtUp();

    const first = await service.retry('tester', poison.position, operator());
    await follower.caughtUp(first.position); // still broken: parked again
    expect((await followerEvents()).map((event) => event.type)).toEqual(['EventParked', 'ParkedEventRetried', 'EventParked']);
    expect((await follower.status()).parked.map((parked) => parked.position)).toEqual([poison.position]);

    broken.clear();
    const second = await service.retry('tester', poison.position, operator());
    await follower.caughtUp(second.position);
    expect(handled).toEqual([poison.position]);
    expect((await follower.status()).parked).toEqual([]);
    expect((await followerEvents()).map((event) => event.type)).toEqual(['EventParked', 'ParkedEventRetried', 'EventParked', 'ParkedEventRetried']);
  });
});
