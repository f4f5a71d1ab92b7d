import type { RecordedEvent } from '@mbd/events';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLogEntry } from '../audit-log/audit-log-entry.entity.js';
import { auditLogProjection, toAuditLogEntry } from '../audit-log/audit-log.projection.js';
import { ReplayingEventStore } from '../testing/replaying-event-store.fixture.js';
import { openTestReadModels, readModelKinds, type TestReadModels } from '../testing/read-models.fixture.js';
import { sampleEvents } from '../testing/sample-events.fixture.js';
import { ProjectionCheckpoint } from './projection-checkpoint.entity.js';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner.js';
import type { Projection } from './projection.js';

const appendSamples = async (store: ReplayingEventStore, count: number) => {
  for (const { streamId, event } of sampleEvents(count, store.events.length)) await store.append(streamId, [event], 'any');
};

/** The audit-log projection, made to throw (once) in the batch that hands it its event number `after` + 1, having written part of it. */
const crashingAuditLog = (after: number): Projection => {
  let seen = 0;
  return {
    ...auditLogProjection,
    async apply(manager, events) {
      seen += events.length;
      if (seen > after && seen - events.length <= after) {
        await auditLogProjection.apply(manager, events.slice(0, events.length - (seen - after)));
        throw new Error(`simulated crash after ${after} events`);
      }
      await auditLogProjection.apply(manager, events);
    },
  };
};

const rows = (models: TestReadModels) =>
  models.dataSource.manager.find(AuditLogEntry, { order: { position: 'ASC' } });
const checkpoint = async (models: TestReadModels, name: string) =>
  (await models.dataSource.manager.findOneBy(ProjectionCheckpoint, { name }))?.position ?? 0;

describe.each(readModelKinds)('the projection runner on $kind', ({ kind, skip }) => {
  let models: TestReadModels | undefined;
  const runners: ProjectionRunner[] = [];
  const runner = (store: ReplayingEventStore, projections: Projection[], options: ProjectionRunnerOptions = {}) => {
    const created = new ProjectionRunner(models!.dataSource, store, projections, { batchSize: 100, ...options });
    runners.push(created);
    return created;
  };
  afterEach(async () => {
    for (const created of runners.splice(0)) await created.stop();
    await models?.dispose();
    models = undefined;
  });

  it.skipIf(skip)(`writes one row per event, with the checkpoint at the head`, async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 250);
    const live = runner(store, [auditLogProjection]);
    await live.start();
    await appendSamples(store, 30);
    await live.waitForPosition(280);
    expect(await rows(models)).toEqual(store.events.map(toAuditLogEntry));
    expect(await checkpoint(models, 'audit-log')).toBe(280);
    expect(live.status()).toEqual([{ name: 'audit-log', position: 280, state: 'running' }]);
  });

  it.skipIf(skip)('rebuilds to the same rows as the live projection', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 420);
    const live = runner(store, [auditLogProjection]);
    await live.start();
    await live.waitForPosition(420);
    const before = await rows(models);
    const [result] = await live.rebuild('audit-log');
    expect(result).toMatchObject({ name: 'audit-log', position: 420 });
    expect(await rows(models)).toEqual(before);
    await expect(live.rebuild('no-such-thing')).rejects.toThrow(/no projection named 'no-such-thing' \(known: audit-log\)/);
  });

  it.skipIf(skip)('rolls back a batch that fails mid-way and applies it again event by event, also after a restart: no row lost or doubled', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 350);
    const errors: string[] = [];
    const crashing = runner(store, [crashingAuditLog(230)], { retryDelayMs: 60_000, onError: (_, e) => errors.push(String(e)) });
    await crashing.start();
    await crashing.waitForPosition(350, 5_000);
    expect(await rows(models)).toEqual(store.events.map(toAuditLogEntry));
    expect(errors).toEqual([]);
    await crashing.stop();

    await appendSamples(store, 20);
    const restarted = runner(store, [auditLogProjection]);
    await restarted.start();
    await restarted.waitForPosition(370);
    expect(await rows(models)).toEqual(store.events.map(toAuditLogEntry));
  });

  it.skipIf(skip)('parks an event that fails every retry and goes on: one bad event cannot stop a read model', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 150);
    const poisoned: Projection = {
      ...auditLogProjection,
      async apply(manager, events) {
        if (events.some((event) => event.position === 77)) throw new Error('cannot project event 77');
        await auditLogProjection.apply(manager, events);
      },
    };
    const live = runner(store, [poisoned], { retryDelayMs: 5 });
    await live.start();
    await live.waitForPosition(150, 10_000);
    expect(store.events.filter((event) => event.type === 'EventParked')).toMatchObject([
      { streamId: 'follower-projection-audit-log', data: { follower: 'projection-audit-log', position: 77, reason: 'cannot project event 77' } },
    ]);
    await live.waitForPosition(await store.headPosition(), 10_000);
    expect((await rows(models)).map((row) => row.position)).toEqual(store.events.map((event) => event.position).filter((position) => position !== 77));
    expect(live.status()[0]).toMatchObject({ name: 'audit-log', state: 'running' });
  });

  it.skipIf(skip)('retries a failed projection by itself and catches up', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 150);
    const flaky = runner(store, [crashingAuditLog(120)], { retryDelayMs: 50 });
    await flaky.start();
    await flaky.waitForPosition(150, 10_000);
    expect(await rows(models)).toEqual(store.events.map(toAuditLogEntry));
    expect(flaky.status()[0]).toEqual({ name: 'audit-log', position: 150, state: 'running' });
  });

  it.skipIf(skip)('ignores events re-delivered at or below the checkpoint', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 120);
    const first = runner(store, [auditLogProjection]);
    await first.start();
    await first.waitForPosition(120);
    await first.stop();
    store.redeliverFrom = 0;
    const second = runner(store, [auditLogProjection]);
    await second.start();
    await appendSamples(store, 5);
    await second.waitForPosition(125);
    expect(await rows(models)).toEqual(store.events.map(toAuditLogEntry));
    expect(second.status()[0]!.state).toBe('running');
  });

  it.skipIf(skip)('advances the checkpoint over events a projection does not handle', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 9);
    const applied: RecordedEvent[] = [];
    const checked: Projection = {
      name: 'checked-only',
      handles: ['SampleChecked'],
      entities: [],
      apply: (_, events) => {
        applied.push(...events);
        return Promise.resolve();
      },
    };
    const live = runner(store, [checked]);
    await live.start();
    await live.waitForPosition(9);
    expect(applied.map((event) => event.position)).toEqual([2, 5, 8]);
    expect(await checkpoint(models, 'checked-only')).toBe(9);
  });
});
