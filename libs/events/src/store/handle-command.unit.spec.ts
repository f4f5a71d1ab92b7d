import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Event } from '../event.js';
import { WrongExpectedVersionError } from './errors.js';
import type { ExpectedVersion } from './event-store.port.js';
import { handleCommand, type Decider } from './handle-command.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

type PackageInstalled = Event<'PackageInstalled', { source: string; version: string }>;
interface Install {
  readonly source: string;
  readonly versions: readonly string[];
}
/** Which versions a distribution holds; installing one it already holds decides nothing. */
type Distribution = { readonly installed: readonly string[] };

const metadata = { actor: { kind: 'daemon' }, correlationId: 'c', occurredAt: '2026-11-25T12:00:00.000Z' } as const;
const installed = (source: string, version: string): PackageInstalled => ({ type: 'PackageInstalled', version: 1, data: { source, version }, metadata });

const distribution: Decider<Distribution, Install, PackageInstalled> = {
  initialState: () => ({ installed: [] }),
  evolve: (state, event) => ({ installed: [...state.installed, `${event.data.source}_${event.data.version}`] }),
  decide: (command, state) =>
    command.versions.filter((v) => !state.installed.includes(`${command.source}_${v}`)).map((v) => installed(command.source, v)),
};

const stream = 'dist-bookworm-test-unstable';

describe('handleCommand', () => {
  afterEach(() => vi.useRealTimers());

  it('reads, folds, decides and appends with the version it read', async () => {
    const store = new InMemoryEventStore();
    await store.append(stream, [installed('hello', '2.10-1')], 'no-stream');

    const result = await handleCommand(store, stream, distribution, { source: 'hello', versions: ['2.10-1', '2.10-2', '2.10-3'] });

    expect(result.events.map((e) => [e.streamVersion, e.data.version])).toEqual([[1, '2.10-2'], [2, '2.10-3']]);
    expect(result.state).toEqual({ installed: ['hello_2.10-1', 'hello_2.10-2', 'hello_2.10-3'] });
    expect(result.nextExpectedVersion).toBe(2);
    expect((await store.readStream(stream)).map((e) => e.data)).toEqual([
      { source: 'hello', version: '2.10-1' },
      { source: 'hello', version: '2.10-2' },
      { source: 'hello', version: '2.10-3' },
    ]);
  });

  it('accepts a decider that returns a single event', async () => {
    const store = new InMemoryEventStore();
    const single: Decider<Distribution, Install, PackageInstalled> = { ...distribution, decide: (command) => installed(command.source, command.versions[0]!) };
    const result = await handleCommand(store, stream, single, { source: 'hello', versions: ['1.0-1'] });
    expect(result.events).toHaveLength(1);
    expect(result.nextExpectedVersion).toBe(0);
  });

  it('appends nothing when the decider decides nothing', async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand(store, stream, distribution, { source: 'hello', versions: [] });
    expect(result).toEqual({ events: [], state: { installed: [] }, nextExpectedVersion: -1 });
    expect(await store.headPosition()).toBe(0);
  });

  it('decides again on the new state when another writer appended in between', async () => {
    const store = new InMemoryEventStore();
    let decisions = 0;
    const racing: Decider<Distribution, Install, PackageInstalled> = {
      ...distribution,
      decide: (command, state) => {
        decisions += 1;
        if (decisions === 1) void store.append(stream, [installed('hello', '2.10-2')], 'any');
        return distribution.decide(command, state);
      },
    };

    const result = await handleCommand(store, stream, racing, { source: 'hello', versions: ['2.10-1', '2.10-2'] }, { minTimeoutMs: 1 });

    expect(decisions).toBe(2);
    expect(result.events.map((e) => e.data.version)).toEqual(['2.10-1']);
    expect((await store.readStream(stream)).map((e) => (e.data as PackageInstalled['data']).version)).toEqual(['2.10-2', '2.10-1']);
  });

  it('gives up after 3 retries, waiting 100, 150 and 225 ms', async () => {
    vi.useFakeTimers();
    const attempts: number[] = [];
    const store = new (class extends InMemoryEventStore {
      override append(streamId: string, _events: readonly Event[], expected: ExpectedVersion) {
        attempts.push(Date.now());
        return Promise.reject(new WrongExpectedVersionError(streamId, expected, 7));
      }
    })();

    const handled = handleCommand(store, stream, distribution, { source: 'hello', versions: ['1'] });
    const outcome = expect(handled).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await vi.runAllTimersAsync();
    await outcome;

    expect(attempts.slice(1).map((t, i) => t - attempts[i]!)).toEqual([100, 150, 225]);
  });

  it('fails at once when the stream moved past the version the caller saw (If-Match)', async () => {
    const store = new InMemoryEventStore();
    await store.append(stream, [installed('hello', '2.10-1'), installed('hello', '2.10-2')], 'no-stream');
    const handled = handleCommand(store, stream, distribution, { source: 'hello', versions: ['2.10-3'] }, { expectedVersion: 0 });
    await expect(handled).rejects.toMatchObject({ expected: 0, actual: 1 });
    expect(await store.headPosition()).toBe(2);
  });

  it('folds upcast events', async () => {
    const store = new InMemoryEventStore();
    await store.append(stream, [{ type: 'PackageInstalled', version: 0, data: { package: 'hello', v: '1.0' }, metadata }], 'no-stream');
    const result = await handleCommand(store, stream, distribution, { source: 'hello', versions: ['1.0'] }, {
      upcast: (event) => {
        const old = event.data as { package: string; v: string };
        return { ...event, version: 1, type: 'PackageInstalled' as const, data: { source: old.package, version: old.v } };
      },
    });
    expect(result.events).toEqual([]);
    expect(result.state).toEqual({ installed: ['hello_1.0'] });
  });

  it('decides on events the store upcast to their current version (a stored UploadRejected v0 is folded as v1)', async () => {
    type UploadRejected = Event<'UploadRejected', { uploadId: string; reasons: string[] }>;
    const seen: UploadRejected[] = [];
    const rejections: Decider<readonly string[], { reason: string }, UploadRejected> = {
      initialState: () => [],
      evolve: (reasons, event) => {
        seen.push(event);
        return [...reasons, ...event.data.reasons];
      },
      decide: (command, reasons) => (reasons.includes(command.reason) ? [] : { type: 'UploadRejected', version: 1, data: { uploadId: 'u1', reasons: [command.reason] }, metadata }),
    };
    const store = new InMemoryEventStore();
    await store.append('upload-u1', [{ type: 'UploadRejected', version: 0, data: { uploadId: 'u1', reason: 'no such repository' }, metadata }], 'no-stream');

    const result = await handleCommand(store, 'upload-u1', rejections, { reason: 'no such repository' });

    expect(result.events).toEqual([]);
    expect(result.state).toEqual(['no such repository']);
    expect(seen.map(({ version, data }) => ({ version, data }))).toEqual([{ version: 1, data: { uploadId: 'u1', reasons: ['no such repository'] } }]);
  });
});
