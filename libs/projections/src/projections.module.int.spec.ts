import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configSchema } from '@mbd/config';
import { EventStore, InMemoryEventStore } from '@mbd/events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/support/postgres.js';
import { ProjectionsModule } from './projections.module.js';
import { ProjectionsService } from './projections.service.js';
import { ArchiveEvents } from './testing/archive-events.fixture.js';
import { readModelKinds } from './testing/read-models.fixture.js';
import { sampleEvents } from './testing/sample-events.fixture.js';

describe.each(readModelKinds)('ProjectionsModule on $kind', ({ kind, skip }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-projections-module-'));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.skipIf(skip)('projects the log while the application runs, answers audit-log queries and rebuilds', async () => {
    const store = new InMemoryEventStore();
    for (const { streamId, event } of sampleEvents(40)) await store.append(streamId, [event], 'any');
    @Global()
    @Module({ providers: [{ provide: EventStore, useValue: store }], exports: [EventStore] })
    class EventStoreTestModule {}
    const config = configSchema.parse({
      dataDir,
      readModels: kind,
      ...(kind === 'postgres' ? { postgresUrl: await createTestDatabase('mbd_module') } : {}),
    });
    const moduleRef = await Test.createTestingModule({ imports: [EventStoreTestModule, ProjectionsModule.forRoot(config)] }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const projections = app.get(ProjectionsService);
      const { position } = await store.append('upload-late', sampleEvents(1, 40).map((s) => s.event), 'any');
      await projections.waitForPosition(position);

      const all = await projections.listAuditLog({ limit: 1000 });
      expect(all.items.map((item) => item.position)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect(all.nextAfter).toBeNull();
      expect(all.items[40]).toMatchObject({ streamId: 'upload-late', type: 'SampleChecked', actor: 'user:alice', correlationId: 'c0', data: { n: 40, text: 'event 40 ✓' } });

      const page1 = await projections.listAuditLog({ limit: 15 });
      const page2 = await projections.listAuditLog({ limit: 15, afterPosition: page1.nextAfter! });
      expect(page1.nextAfter).toBe(15);
      expect(page2.items.map((item) => item.position)).toEqual(Array.from({ length: 15 }, (_, i) => i + 16));

      const byActor = await projections.listAuditLog({ actor: `key:${'A'.repeat(40)}`, type: 'SampleChecked', limit: 1000 });
      expect(byActor.items.length).toBeGreaterThan(0);
      expect(byActor.items).toEqual(all.items.filter((i) => i.actor === `key:${'A'.repeat(40)}` && i.type === 'SampleChecked'));
      const window = await projections.listAuditLog({ since: new Date('2026-01-01T00:00:10Z'), until: new Date('2026-01-01T00:00:12Z'), correlationId: 'c1' });
      expect(window.items.map((item) => item.data)).toEqual([{ n: 11, text: 'event 11 ✓' }]);
      expect((await projections.listAuditLog({ stream: 'upload-u3' })).items.every((i) => i.streamId === 'upload-u3')).toBe(true);

      expect(await projections.checkpoints()).toEqual(
        ['audit-log', 'repository-state', 'rollback-history', 'build-queue', 'uploads'].map((name) => ({ name, position: 41, state: 'running', behind: 0 })),
      );
      const newest = await projections.listAuditLog({ order: 'desc', limit: 30 });
      expect(newest.items).toEqual(all.items.slice(11).reverse());
      expect(newest.nextBefore).toBe(12);
      expect(await projections.getAuditLogEntry(7)).toEqual(all.items[6]);
      expect(await projections.getAuditLogEntry(42)).toBeUndefined();
      expect(await projections.listUploads()).toEqual({ items: [], nextBefore: null });
      expect(await projections.getUpload('late')).toBeUndefined();
      const rebuilt = await projections.rebuild('audit-log');
      expect(rebuilt).toMatchObject([{ name: 'audit-log', position: 41 }]);
      expect(await projections.listAuditLog({ limit: 1000 })).toEqual(all);

      const [upload] = new ArchiveEvents().received('m1', 'hello', '1-1', null).appended;
      await projections.waitForPosition((await store.append(upload!.streamId, [upload!.event], 'any')).position);
      expect(await projections.getUpload('m1')).toMatchObject({ uploadId: 'm1', source: 'hello', state: 'received', receivedPosition: 42 });
      expect((await projections.listUploads({ source: 'hello', state: 'received' })).items.map((item) => item.uploadId)).toEqual(['m1']);
      expect(await projections.getAuditLogEntry(42)).toMatchObject({ type: 'UploadReceived', source: 'hello' });
    } finally {
      await app.close();
    }
  });
});
