import { InMemoryEventStore } from '@mbd/events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../blob-store/blob-store.port.js';
import { ArchiveAt, TimeTravelError, TimeTravelErrorCode, type ArchiveAtOptions } from './archive-at.js';

const start = Date.UTC(2026, 10, 1, 12, 0, 0);
const minute = 60_000;
const at = (minutes: number) => new Date(start + minutes * minute).toISOString();

/** Five events, one a minute from 2026-11-01T12:00:00Z (positions 1..5). */
async function logOfFive(): Promise<InMemoryEventStore> {
  const store = new InMemoryEventStore();
  for (let i = 0; i < 5; i++) {
    await store.append(`sample-${i}`, [{ type: 'SampleRecorded', version: 1, data: { n: i }, metadata: { actor: { kind: 'user', name: 'test' }, correlationId: 'c', occurredAt: at(i) } }], 'any');
  }
  return store;
}

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof TimeTravelError ? error.code : `other: ${String(error)}`),
  );

describe('ArchiveAt', () => {
  let cacheDir: string;
  let store: InMemoryEventStore;
  let rebuilds: number[];
  let running = 0;
  let mostAtOnce = 0;
  let gate: Promise<void> = Promise.resolve();
  /** A rebuild that writes `<out>/test/dists/position` and a pool file of 1000 bytes. */
  const fakeRebuild = async (out: string, position: number) => {
    rebuilds.push(position);
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await gate;
    await new Promise((resolve) => setTimeout(resolve, 20));
    mkdirSync(join(out, 'test', 'dists'), { recursive: true });
    mkdirSync(join(out, 'test', 'pool'), { recursive: true });
    writeFileSync(join(out, 'test', 'dists', 'position'), String(position));
    writeFileSync(join(out, 'test', 'pool', 'file'), Buffer.alloc(1000 - String(position).length));
    running--;
  };
  const archiveAt = (options: Partial<ArchiveAtOptions> = {}) =>
    new ArchiveAt({ store, blobs: {} as BlobStore, cacheDir, rebuild: fakeRebuild, ...options });

  beforeEach(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'mbd-archive-at-'));
    store = await logOfFive();
    rebuilds = [];
    running = 0;
    mostAtOnce = 0;
    gate = Promise.resolve();
  });
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  describe('resolve', () => {
    const now = new Date(start + 60 * minute);
    it('takes the positions 1 to head and nothing else', async () => {
      const travel = archiveAt();
      expect(await travel.resolve('3', { now })).toBe(3);
      expect(await travel.resolve('5', { now })).toBe(5);
      await expect(travel.resolve('0', { now })).rejects.toThrow('there is no position 0: the log holds positions 1 to 5');
      expect(await code(travel.resolve('6', { now }))).toBe(TimeTravelErrorCode.NotFound);
      expect(await code(new ArchiveAt({ store: new InMemoryEventStore(), blobs: {} as BlobStore, cacheDir }).resolve('1'))).toBe(TimeTravelErrorCode.NotFound);
    });

    it('resolves a time to the position of the last event by then; not before the first event, not in the future', async () => {
      const travel = archiveAt();
      expect(await travel.resolve(at(2.5), { now })).toBe(3);
      expect(await travel.resolve(at(2), { now })).toBe(3);
      expect(await travel.resolve(at(0), { now })).toBe(1);
      expect(await travel.resolve(at(30), { now })).toBe(5);
      await expect(travel.resolve(at(-1), { now })).rejects.toThrow(`${at(-1)} is before the first event of the log (${at(0)})`);
      expect(await code(travel.resolve(at(-1), { now }))).toBe(TimeTravelErrorCode.NotFound);
      await expect(travel.resolve(at(61), { now })).rejects.toThrow(`${at(61)} is in the future`);
      expect(await code(travel.resolve(at(61), { now }))).toBe(TimeTravelErrorCode.Future);
    });

    it('refuses what is neither a position nor an ISO time', async () => {
      const travel = archiveAt();
      for (const text of ['yesterday', '1e3', '-1', 'Nov 1 2026', '2026-11-01T12:00:00Zjunk', '']) {
        expect(await code(travel.resolve(text, { now })), text).toBe(TimeTravelErrorCode.Malformed);
      }
    });

    it('gives only the head when asked so (anonymous clients)', async () => {
      const travel = archiveAt();
      expect(await travel.resolve('5', { now, headOnly: true })).toBe(5);
      expect(await travel.resolve(at(40), { now, headOnly: true })).toBe(5);
      expect(await code(travel.resolve('4', { now, headOnly: true }))).toBe(TimeTravelErrorCode.NotHead);
      expect(await code(travel.resolve(at(3.5), { now, headOnly: true }))).toBe(TimeTravelErrorCode.NotHead);
      expect(await code(travel.resolve('9', { now, headOnly: true }))).toBe(TimeTravelErrorCode.NotFound);
    });
  });

  it('rebuilds one position at a time; requests for one position share its rebuild', async () => {
    const travel = archiveAt();
    const trees = await Promise.all([travel.treeAt('test', 1), travel.treeAt('test', 2), travel.treeAt('test', 1), travel.treeAt('test', '3')]);
    expect(trees).toEqual([1, 2, 1, 3].map((position) => join(cacheDir, String(position), 'test')));
    expect(rebuilds).toEqual([1, 2, 3]);
    expect(mostAtOnce).toBe(1);
    expect(readFileSync(join(trees[1]!, 'dists', 'position'), 'utf8')).toBe('2');
    await travel.treeAt('test', 2);
    expect(rebuilds).toEqual([1, 2, 3]);
  });

  it('refuses a rebuild when the queue is full, saying when to try again', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const travel = archiveAt({ maxWaiting: 1 });
    const first = travel.archiveAt(1);
    const second = travel.archiveAt(2);
    const refused = travel.archiveAt(3).catch((error: unknown) => error);
    const error = (await refused) as TimeTravelError;
    expect(error).toBeInstanceOf(TimeTravelError);
    expect(error.code).toBe(TimeTravelErrorCode.Busy);
    expect(error.retryAfterS).toBeGreaterThanOrEqual(5);
    expect(error.message).toMatch(/2 rebuilds of past archives are running or waiting/);
    const again = travel.archiveAt(1);
    open();
    expect(await Promise.all([first, second, again])).toEqual([join(cacheDir, '1'), join(cacheDir, '2'), join(cacheDir, '1')]);
    expect(await travel.archiveAt(3)).toBe(join(cacheDir, '3'));
    expect(rebuilds).toEqual([1, 2, 3]);
  });

  it('keeps the cache under its size, evicting the least recently used tree', async () => {
    const travel = archiveAt({ cacheBytes: 2500 });
    await travel.archiveAt(1);
    await travel.archiveAt(2);
    await travel.archiveAt(1);
    await travel.archiveAt(3);
    expect(existsSync(join(cacheDir, '2'))).toBe(false);
    expect(existsSync(join(cacheDir, '1'))).toBe(true);
    expect(existsSync(join(cacheDir, '3'))).toBe(true);
    await travel.archiveAt(2);
    expect(rebuilds).toEqual([1, 2, 3, 2]);
    expect(existsSync(join(cacheDir, '1'))).toBe(false);
  });

  it('takes over the trees of an earlier run and removes half-built ones', async () => {
    await archiveAt().archiveAt(4);
    mkdirSync(join(cacheDir, '5.dead.tmp'));
    const later = archiveAt();
    expect(await later.treeAt('test', 4)).toBe(join(cacheDir, '4', 'test'));
    expect(rebuilds).toEqual([4]);
    expect(existsSync(join(cacheDir, '5.dead.tmp'))).toBe(false);
  });

  it('leaves nothing behind when a rebuild fails, and tries again next time', async () => {
    const travel = archiveAt({
      rebuild: async (out) => {
        mkdirSync(join(out, 'test'), { recursive: true });
        throw new Error('reprepro failed');
      },
    });
    await expect(travel.archiveAt(2)).rejects.toThrow('reprepro failed');
    expect(existsSync(join(cacheDir, '2'))).toBe(false);
    await expect(travel.archiveAt(2)).rejects.toThrow('reprepro failed');
  });
});
