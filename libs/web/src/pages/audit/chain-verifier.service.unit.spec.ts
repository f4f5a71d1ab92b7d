import { InMemoryEventStore, type Event } from '@mbd/events';
import { describe, expect, it, vi } from 'vitest';
import { ChainVerifier } from './chain-verifier.service.js';

const event = (i: number): Event => ({
  type: 'ParkedEventRetried',
  version: 1,
  data: { follower: 'packager', position: i },
  metadata: { actor: { kind: 'daemon' }, correlationId: `c-${i}`, occurredAt: new Date(Date.UTC(2026, 10, 30, 12, 0, i)).toISOString() },
});

async function storeWith(count: number): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  for (let i = 1; i <= count; i++) await store.append(`follower-f${i % 3}`, [event(i)], 'any');
  return store;
}

describe('ChainVerifier', () => {
  it('verifies the whole log on the first request, then only what was appended since', async () => {
    const store = await storeWith(25);
    const readAll = vi.spyOn(store, 'readAll');
    const verifier = new ChainVerifier(store, { pageSize: 10, waitMs: 2_000 });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 25, checking: false });
    expect(readAll.mock.calls.map(([options]) => options?.after)).toEqual([0, 10, 20, 25]);

    readAll.mockClear();
    for (let i = 26; i <= 28; i++) await store.append('follower-f0', [event(i)], 'any');
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 28, checking: false });
    expect(readAll.mock.calls.map(([options]) => options?.after)).toEqual([25, 28]);
    verifier.onModuleDestroy();
  });

  it('says an empty log is verified up to 0', async () => {
    const verifier = new ChainVerifier(new InMemoryEventStore(), { waitMs: 2_000 });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 0, checking: false });
  });

  it('verifies at most eventsPerRequest events per request, and says it is still checking', async () => {
    const store = await storeWith(25);
    const verifier = new ChainVerifier(store, { pageSize: 4, eventsPerRequest: 10, waitMs: 2_000 });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 10, checking: true });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 20, checking: true });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 25, checking: false });
  });

  it('answers what it has after waitMs and goes on in the background', async () => {
    const store = await storeWith(5);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const readAll = store.readAll.bind(store);
    vi.spyOn(store, 'readAll').mockImplementation(async (options) => {
      await gate;
      return readAll(options);
    });
    const verifier = new ChainVerifier(store, { waitMs: 20 });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 0, checking: true });
    release();
    await vi.waitFor(async () => expect(await verifier.status(0)).toEqual({ state: 'verified', upTo: 5, checking: false }));
  });

  it('does not keep a page waiting while it is busy catching up', async () => {
    const store = await storeWith(5);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const readAll = store.readAll.bind(store);
    vi.spyOn(store, 'readAll').mockImplementation(async (options) => {
      await gate;
      return readAll(options);
    });
    const verifier = new ChainVerifier(store, { waitMs: 10_000 });
    expect(await verifier.status(10)).toMatchObject({ upTo: 0, checking: true });
    const started = Date.now();
    expect(await verifier.status()).toMatchObject({ upTo: 0, checking: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    release();
  });

  it('reports the first broken position of a tampered log', async () => {
    const store = await storeWith(8);
    store.tamper(6, { follower: 'packager', position: 666 });
    const verifier = new ChainVerifier(store, { pageSize: 3, waitMs: 2_000 });
    expect(await verifier.status()).toEqual({ state: 'broken', position: 6, reason: expect.stringMatching(/was changed/) });
    // a broken chain stays broken: later events are not verified past the break
    await store.append('follower-f0', [event(9)], 'any');
    expect(await verifier.status()).toMatchObject({ state: 'broken', position: 6 });
  });

  it('finds a tampered event it had already verified only when asked to start over', async () => {
    const store = await storeWith(8);
    const verifier = new ChainVerifier(store, { waitMs: 2_000 });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 8, checking: false });
    store.tamper(3, { follower: 'packager', position: 333 });
    await store.append('follower-f0', [event(9)], 'any');
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 9, checking: false });
    verifier.restart();
    expect(await verifier.status()).toMatchObject({ state: 'broken', position: 3 });
  });

  it('keeps what it verified when the store fails, and goes on once it answers again', async () => {
    const store = await storeWith(4);
    const verifier = new ChainVerifier(store, { waitMs: 2_000 });
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 4, checking: false });
    await store.append('follower-f0', [event(5)], 'any');
    const readAll = vi.spyOn(store, 'readAll').mockRejectedValueOnce(new Error('database is locked'));
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 4, checking: true, error: 'database is locked' });
    readAll.mockRestore();
    expect(await verifier.status()).toEqual({ state: 'verified', upTo: 5, checking: false });
  });
});
