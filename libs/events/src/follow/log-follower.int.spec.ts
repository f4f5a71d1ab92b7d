import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Observable, throwError } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, RecordedEvent } from '../event.js';
import { ParkedEventRetried } from '../catalogue/follower/parked-event-retried.event.js';
import { followerStream } from '../catalogue/streams.js';
import { InMemoryEventStore } from '../store/in-memory-event-store.js';
import { CorruptCheckpointError, FileCheckpoint } from './checkpoint.js';
import { LogFollower, UnfinishedEffectError, UnprocessableEventError, type LogFollowerOptions } from './log-follower.js';

const event = (type: string, data: Record<string, unknown> = {}): Event => ({
  type,
  version: 1,
  data,
  metadata: { actor: { kind: 'daemon' }, correlationId: 'c1', occurredAt: '2026-11-30T12:00:00.000Z' },
});

describe('LogFollower', () => {
  let dir: string;
  let store: InMemoryEventStore;
  let followers: LogFollower[];
  const handled: number[] = [];

  const follower = (options: Partial<LogFollowerOptions> = {}): LogFollower => {
    const started = new LogFollower({
      name: 'test',
      store,
      checkpoint: new FileCheckpoint(join(dir, 'test.checkpoint')),
      handle: async (events) => {
        handled.push(...events.map((e) => e.position));
      },
      retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
      ...options,
    });
    followers.push(started);
    return started;
  };
  const append = async (...events: Event[]): Promise<number> => (await store.append('s-1', events, 'any')).position;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-follower-'));
    store = new InMemoryEventStore();
    followers = [];
    handled.length = 0;
  });
  afterEach(async () => {
    for (const started of followers) await started.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands every event over in order, writes the checkpoint, and resumes after it', async () => {
    await append(event('A'), event('B'));
    const first = follower();
    await first.start();
    const last = await append(event('C'));
    await first.caughtUp(last);
    expect(handled).toEqual([1, 2, 3]);
    await first.stop();
    expect((await readFile(join(dir, 'test.checkpoint'), 'utf8')).trim()).toBe('3');
    const next = await append(event('D'));
    const second = follower();
    await second.start();
    await second.caughtUp(next);
    expect(handled).toEqual([1, 2, 3, 4]);
  });

  it('parks an event that keeps failing, after recording what it means, and goes on with the next', async () => {
    const given: { position: number; reason: string }[] = [];
    const poisoned = follower({
      handle: async (events) => {
        for (const e of events) {
          if (e.type === 'Poison') throw new Error('lintian: hello_1.0.debian.tar.xz does not exist');
          handled.push(e.position);
        }
      },
      giveUp: async (e, reason) => {
        given.push({ position: e.position, reason });
      },
    });
    await poisoned.start();
    await append(event('Poison'));
    const good = await append(event('Good'));
    await poisoned.caughtUp(good);
    expect(handled).toEqual([2]);
    expect(given).toEqual([{ position: 1, reason: 'lintian: hello_1.0.debian.tar.xz does not exist' }]);
    const parked = await store.readStream(followerStream('test'));
    expect(parked).toMatchObject([{ type: 'EventParked', data: { follower: 'test', position: 1, eventType: 'Poison', attempts: 3 } }]);
    const status = await poisoned.status();
    expect(status).toMatchObject({ state: 'following', parked: [{ position: 1, eventType: 'Poison' }] });
    expect(status.lastError).toBeUndefined();
  });

  it('gives up at once on an event the handler calls unprocessable', async () => {
    let calls = 0;
    const strict = follower({
      handle: async () => {
        calls += 1;
        throw new UnprocessableEventError('malformed .dsc');
      },
    });
    await strict.start();
    const position = await append(event('Bad'));
    await strict.caughtUp(position);
    expect(calls).toBe(1);
    expect((await strict.status()).parked).toMatchObject([{ position, reason: 'malformed .dsc' }]);
  });

  it('never parks an event whose effect was left unfinished, however often it fails, and handles it once the world allows', async () => {
    let failures = 7;
    const durable = follower({
      handle: async (events) => {
        if (failures-- > 0) throw new UnfinishedEffectError('sync -f failed: Input/output error');
        handled.push(...events.map((e) => e.position));
      },
    });
    await durable.start();
    const position = await append(event('A'));
    await durable.caughtUp(position);
    expect(handled).toEqual([position]);
    expect((await durable.status()).parked).toEqual([]);
    expect(await store.readStream(followerStream('test'))).toEqual([]);
  });

  it('retries a transient failure with back-off without parking it', async () => {
    let failures = 2;
    const flaky = follower({
      handle: async (events) => {
        if (failures-- > 0) throw new Error('database is locked');
        handled.push(...events.map((e) => e.position));
      },
    });
    await flaky.start();
    const position = await append(event('A'));
    await flaky.caughtUp(position);
    expect(handled).toEqual([1]);
    expect((await flaky.status()).parked).toEqual([]);
  });

  it('handles a parked event again when an operator retries it', async () => {
    let broken = true;
    const fixable = follower({
      handle: async (events) => {
        if (broken) throw new Error('reprepro: lock held');
        handled.push(...events.map((e) => e.position));
      },
    });
    await fixable.start();
    const position = await append(event('Install'));
    await fixable.caughtUp(position);
    expect((await fixable.status()).parked).toHaveLength(1);
    broken = false;
    const retried = await store.append(
      followerStream('test'),
      [ParkedEventRetried.create({ follower: 'test', position }, event('x').metadata)],
      'any',
    );
    await fixable.caughtUp(retried.position);
    expect(handled).toEqual([position]);
    expect((await fixable.status()).parked).toEqual([]);
  });

  it('applies a failing batch one event at a time, so only the poison event is parked', async () => {
    const batched = follower({
      maxBatch: 100,
      handle: async (events) => {
        if (events.some((e) => e.type === 'Poison')) throw new Error('reprepro refused');
        handled.push(...events.map((e) => e.position));
      },
    });
    await append(event('A'), event('Poison'), event('B'));
    await batched.start();
    await batched.caughtUp(3);
    expect(handled).toEqual([1, 3]);
    expect((await batched.status()).parked.map((p) => p.position)).toEqual([2]);
  });

  it('skips events the handler does not accept, moving the checkpoint all the same', async () => {
    const picky = follower({ accepts: (e) => e.type === 'Wanted' });
    await picky.start();
    await append(event('Other'), event('Wanted'), event('Other'));
    await picky.caughtUp(3);
    expect(handled).toEqual([2]);
    expect(await picky.status()).toMatchObject({ position: 3, lag: 0 });
  });

  it('stops start-up on a corrupt checkpoint instead of replaying from 0', async () => {
    await writeFile(join(dir, 'test.checkpoint'), 'garbage');
    await expect(follower().start()).rejects.toBeInstanceOf(CorruptCheckpointError);
  });

  it('resubscribes when the subscription fails', async () => {
    let subscriptions = 0;
    const subscribeAll = store.subscribeAll.bind(store);
    store.subscribeAll = (after?: number): Observable<RecordedEvent> => {
      subscriptions += 1;
      return subscriptions === 1 ? throwError(() => new Error('connection reset')) : subscribeAll(after);
    };
    const resilient = follower();
    await resilient.start();
    const position = await append(event('A'));
    await resilient.caughtUp(position);
    expect(handled).toEqual([1]);
    expect(subscriptions).toBe(2);
  });

  it('stops promptly while an event keeps failing and cannot even be parked (the store is going away)', async () => {
    const stuck = follower({
      handle: async () => {
        throw new Error('the event store is closed');
      },
      giveUp: async () => {
        throw new Error('the event store is closed');
      },
      retry: { attempts: 1, initialDelayMs: 5, maxDelayMs: 5 },
    });
    await stuck.start();
    await append(event('A'));
    await expect.poll(async () => (await stuck.status()).state).toBe('retrying');
    const stopped = stuck.stop();
    await expect(Promise.race([stopped.then(() => 'stopped'), new Promise((resolve) => setTimeout(() => resolve('hung'), 2_000))])).resolves.toBe('stopped');
    expect((await stuck.status()).state).toBe('stopped');
  });

  it('catches up a long log in order without holding all of it in memory', async () => {
    for (let batch = 0; batch < 12; batch += 1) await append(...Array.from({ length: 1_000 }, () => event('Bulk')));
    const reader = follower({ maxBatch: 500 });
    await reader.start();
    await reader.caughtUp(12_000);
    expect(handled).toHaveLength(12_000);
    expect(handled.every((position, index) => position === index + 1)).toBe(true);
  });

  it('records that a parked event was handled after all when it succeeds on a later delivery', async () => {
    let broken = true;
    const handle = async (events: readonly RecordedEvent[]) => {
      if (broken) throw new Error('disk full');
      handled.push(...events.map((e) => e.position));
    };
    const flaky = follower({ handle });
    await flaky.start();
    const position = await append(event('Install'));
    await flaky.caughtUp(position);
    await flaky.stop();
    await writeFile(join(dir, 'test.checkpoint'), '0\n'); // as after a crash before the checkpoint was written
    broken = false;
    const again = follower({ handle });
    await again.start();
    await again.caughtUp(await store.headPosition());
    expect(handled).toEqual([position]);
    expect((await again.status()).parked).toEqual([]);
    expect((await store.readStream(followerStream('test'))).map((e) => e.type)).toEqual(['EventParked', 'ParkedEventRetried']);
  });
});
