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

/** The audit-log projection, made to throw (once) in the batch that hands it its event number `after` + 1. */
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

  it.skipIf(skip)('resumes from its checkpoint after a crash mid-batch: no row lost or doubled', async () => {
    models = await openTestReadModels(kind);
    const store = new ReplayingEventStore();
    await appendSamples(store, 350);
    const errors: string[] = [];
    const crashing = runner(store, [crashingAuditLog(230)], { retryDelayMs: 60_000, onError: (_, e) => errors.push(String(e)) });
    await crashing.start();
    await expect(crashing.waitForPosition(350, 2000)).rejects.toThrow(/audit-log at \d+ \(failed: simulated crash after 230 events\)/);
    await crashing.stop();
    // the failed batch was rolled back as a whole, checkpoint included: rows up to the checkpoint, none beyond
    const committed = await checkpoint(models, 'audit-log');
    expect(committed).toBeGreaterThanOrEqual(130);
    expect(committed).toBeLessThanOrEqual(230);
    expect((await rows(models)).map((row) => row.position)).toEqual(store.events.slice(0, committed).map((e) => e.position));
    expect(errors).toEqual(['Error: simulated crash after 230 events']);

    const restarted = runner(store, [auditLogProjection]);
    await restarted.start();
    await restarted.waitForPosition(350);
    expect(await rows(models)).toEqual(store.events.map(toAuditLogEntry));
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
