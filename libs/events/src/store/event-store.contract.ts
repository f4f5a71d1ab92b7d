import { randomUUID } from 'node:crypto';
import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, RecordedEvent } from '../event.js';
import { WrongExpectedVersionError } from './errors.js';
import type { EventStore } from './event-store.port.js';
import { verifyChain } from './hash-chain.js';
import { readAllPages } from './read-all-pages.js';

/** What an adapter's spec hands to the contract suite. */
export interface ContractSubject {
  readonly store: EventStore;
  /** Opens the same store again after the suite closed it (absent: the restart test is skipped). */
  readonly reopen?: () => Promise<EventStore>;
  /** Changes the stored data of the event at `position` behind the store's back (absent: skipped). */
  readonly tamper?: (position: number) => Promise<void>;
  readonly cleanup: () => Promise<void>;
}

const event = (type: string, data: unknown): Event => ({
  type,
  version: 1,
  data,
  metadata: { actor: { kind: 'daemon' }, correlationId: 'contract', occurredAt: '2026-11-25T12:00:00.000Z' },
});

const events = (count: number, type = 'PackageInstalled', tag = ''): Event[] =>
  Array.from({ length: count }, (_, i) => event(type, { source: 'hello', version: `2.10-${i + 1}`, tag }));

const newStream = (kind = 'upload'): string => `${kind}-${randomUUID()}`;

/**
 * The one contract every EventStore adapter passes. Positions are asserted relative to the head at
 * the start of each test, so it also runs against a shared server (KurrentDB).
 */
export function eventStoreContract(name: string, factory: () => Promise<ContractSubject>): void {
  describe(`${name} event store (contract)`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let base: number;

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
      base = await store.headPosition();
    });
    afterEach(async () => {
      await store.close();
      await subject.cleanup();
    });

    it('keeps the order of events within each stream and in the global order', async () => {
      const a = newStream();
      const b = newStream();
      await store.append(a, [event('UploadReceived', { n: 1 }), event('UploadAccepted', { n: 2 })], 'no-stream');
      await store.append(b, [event('UploadReceived', { n: 3 })], 'no-stream');
      const last = await store.append(a, [event('BuildRequested', { n: 4 })], 1);

      expect(last).toMatchObject({ nextExpectedVersion: 2, position: base + 4 });
      const streamA = await store.readStream(a);
      expect(streamA.map((e) => [e.streamVersion, e.type, e.data])).toEqual([
        [0, 'UploadReceived', { n: 1 }],
        [1, 'UploadAccepted', { n: 2 }],
        [2, 'BuildRequested', { n: 4 }],
      ]);
      expect((await store.readStream(a, 1)).map((e) => e.streamVersion)).toEqual([1, 2]);
      expect(await store.readStream(newStream())).toEqual([]);

      const all = await store.readAll({ after: base });
      expect(all.map((e) => [e.position, e.streamId, e.data])).toEqual([
        [base + 1, a, { n: 1 }],
        [base + 2, a, { n: 2 }],
        [base + 3, b, { n: 3 }],
        [base + 4, a, { n: 4 }],
      ]);
      expect((await store.readAll({ after: base + 1, limit: 2 })).map((e) => e.position)).toEqual([base + 2, base + 3]);
      expect(await store.headPosition()).toBe(base + 4);
      expect(new Set(all.map((e) => e.id)).size).toBe(4);
      expect(all[0]!.metadata).toEqual(event('x', null).metadata);
      expect(last.events.map((e) => e.id)).toEqual([all[3]!.id]);
    });

    it('checks the expected version and writes nothing on a conflict', async () => {
      const stream = newStream();
      await store.append(stream, events(2), 'no-stream');

      await expect(store.append(stream, events(1), 'no-stream')).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(store.append(stream, events(1), 0)).rejects.toMatchObject({ streamId: stream, expected: 0, actual: 1 });
      await expect(store.append(newStream(), events(1), 0)).rejects.toMatchObject({ actual: 'no-stream' });
      expect(await store.headPosition()).toBe(base + 2);
      expect(await store.readStream(stream)).toHaveLength(2);

      expect(await store.append(stream, events(1), 1)).toMatchObject({ nextExpectedVersion: 2 });
      expect(await store.append(stream, events(2), 'any')).toMatchObject({ nextExpectedVersion: 4, position: base + 5 });
      expect(await store.append(newStream(), events(1), 'any')).toMatchObject({ nextExpectedVersion: 0 });
    });

    it('lets exactly one of two concurrent writers to the same stream win, and nothing of the loser is written', async () => {
      const stream = newStream('dist-bookworm-test-unstable');
      await store.append(stream, events(1), 'no-stream');
      const outcomes = await Promise.allSettled([
        store.append(stream, events(50, 'PackageInstalled', 'left'), 0),
        store.append(stream, events(50, 'PackageInstalled', 'right'), 0),
      ]);

      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      const winner = outcomes[0]!.status === 'fulfilled' ? 'left' : 'right';
      const stored = await store.readStream(stream, 1);
      expect(stored).toHaveLength(50);
      expect(stored.every((e) => (e.data as { tag: string }).tag === winner)).toBe(true);
      expect(await store.headPosition()).toBe(base + 51);
    });

    it('catches up, then follows live appends with no gap and no duplicate', async () => {
      const streams = [newStream(), newStream(), newStream()];
      for (const stream of streams) await store.append(stream, events(500), 'no-stream');
      const live = 20;
      const total = 1_500 + live * 10;

      const received = firstValueFrom(store.subscribeAll(base).pipe(take(total), toArray(), timeout(60_000)));
      await Promise.all(
        Array.from({ length: live }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * 3));
          await store.append(streams[i % 3]!, events(10), 'any');
        }),
      );
      const delivered = await received;

      expect(delivered.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => base + 1 + i));
      expect(delivered).toEqual(await store.readAll({ after: base }));
    });

    it('appends a batch of 10,000 events in one call, atomically and in order', async () => {
      const stream = newStream();
      const result = await store.append(stream, events(10_000), 'no-stream');

      expect(result).toMatchObject({ nextExpectedVersion: 9_999, position: base + 10_000 });
      const stored = await store.readStream(stream);
      expect(stored).toHaveLength(10_000);
      expect(stored.every((e, i) => e.streamVersion === i && e.position === base + 1 + i)).toBe(true);
      expect((stored[9_999]!.data as { version: string }).version).toBe('2.10-10000');
    });

    it('links every event to its predecessor so that the whole log verifies', async () => {
      const stream = newStream();
      await store.append(stream, events(3), 'no-stream');
      await store.append(newStream(), events(2), 'no-stream');
      const all = await store.readAll({ after: base });
      expect(all.slice(1).every((e, i) => e.prevHash === all[i]!.hash)).toBe(true);
      expect(all.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      expect(await verifyChain(readAllPages(store))).toEqual({ ok: true, count: base + 5 });
    });

    it('hands out a stored old version upcast on every read, and the chain still verifies on what is stored', async () => {
      const stream = newStream();
      const stored: Event = { ...event('UploadRejected', { uploadId: stream, reason: 'no such repository' }), version: 0 };
      await store.append(stream, [stored, event('UploadFailed', { uploadId: stream })], 'no-stream');
      const current = { type: 'UploadRejected', version: 1, data: { uploadId: stream, reasons: ['no such repository'] }, streamVersion: 0 };

      expect((await store.readStream(stream))[0]).toMatchObject(current);
      expect((await store.readAll({ after: base, limit: 1 }))[0]).toMatchObject(current);
      expect(await firstValueFrom(store.subscribeAll(base).pipe(take(1), timeout(10_000)))).toMatchObject(current);
      expect(await verifyChain(readAllPages(store))).toEqual({ ok: true, count: base + 2 });
    });

    it('reports the exact position of a hand-tampered event', async (context) => {
      if (!subject.tamper) return context.skip('this adapter offers no way to change a stored event');
      await store.append(newStream(), events(6), 'no-stream');
      await subject.tamper(base + 4);

      const verification = await verifyChain(readAllPages(store));
      expect(verification).toMatchObject({ ok: false, position: base + 4 });
      expect(verification.ok || verification.reason).toMatch(/was changed/);
    });

    it('keeps everything across close and reopen; positions and the chain continue', async (context) => {
      if (!subject.reopen) return context.skip('this adapter keeps nothing across a restart');
      const stream = newStream();
      await store.append(stream, events(100), 'no-stream');
      const before = await store.readAll({ after: base });
      await store.close();

      store = await subject.reopen();
      expect(await store.readAll({ after: base })).toEqual(before);
      expect(await store.append(stream, events(1), 99)).toMatchObject({ nextExpectedVersion: 100, position: base + 101 });
      expect(await verifyChain(readAllPages(store))).toEqual({ ok: true, count: base + 101 });
    });

    it('completes its subscriptions when the store is closed', async () => {
      await store.append(newStream(), events(3), 'no-stream');
      const seen: RecordedEvent[] = [];
      const completed = new Promise<void>((resolve, reject) => {
        store.subscribeAll(base).subscribe({ next: (e) => seen.push(e), complete: resolve, error: reject });
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await store.close();
      await completed;
      expect(seen.map((e) => e.position)).toEqual([base + 1, base + 2, base + 3]);
    });
  });
}
