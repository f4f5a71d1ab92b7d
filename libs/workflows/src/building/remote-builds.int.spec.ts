import { Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { defaultLayout } from '@mbd/archive';
import { Autopkgtest, Builder, ChrootManager, Lintian, Piuparts, type LintianReport, type RemoteBuildJob, type ResultManifest } from '@mbd/builder';
import { ConfigModule, configSchema } from '@mbd/config';
import {
  BuildRequested,
  BuilderRegistered,
  EventStore,
  RepositoryCreated,
  SqliteEventStore,
  UploadAccepted,
  UploadReceived,
  builderStream,
  configurationStream,
  uploadStream,
  type FileRef,
  type RecordedEvent,
  type RepositoryConfig,
} from '@mbd/events';
import { ArchiveKey, loadOrCreateArchiveKey } from '@mbd/gpg';
import { ProjectionsModule } from '@mbd/projections';
import { BlobStore, FsBlobStore } from '@mbd/repository';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { BuildDispatcher } from './build-dispatcher.js';
import { BUILDER_CLOCK } from './builder-registry.js';
import { RemoteBuildError } from './remote-build.error.js';
import { RemoteBuilds } from './remote-builds.service.js';

/** Long: no claim, signing or submit on a loaded machine comes near it; the silent-builder test moves the registry's clock instead. */
const TIMEOUT_S = 3600;

const repository: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};

const metadata = (correlationId: string) => ({ actor: { kind: 'daemon' as const }, correlationId, occurredAt: new Date().toISOString() });
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const offer = (key: ArchiveKey) => ({ architectures: ['amd64'], codenames: ['bookworm'], slots: 20, load: 0, publicKey: key.publicArmored });
const remote = (name: string) => ({ kind: 'remote' as const, name });

class FakeLintian extends Lintian {
  override check(): Promise<LintianReport> {
    return Promise.resolve({ errors: 0, warnings: 0, tags: [] });
  }
}

describe('RemoteBuilds (SQLite event store and read models, real OpenPGP keys)', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let blobs: FsBlobStore;
  let app: INestApplication;
  let builds: RemoteBuilds;
  const keys: Record<string, ArchiveKey> = {};
  /** Added to the real time by the builder registry's clock. */
  let clockOffsetMs = 0;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mbd-remote-builds-'));
    store = await SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    blobs = new FsBlobStore(join(dataDir, 'blobs'));
    const archiveKey = await loadOrCreateArchiveKey(join(dataDir, 'gpg'), 'mbd test archive key');
    for (const name of ['b1', 'b2', 'stranger']) keys[name] = await loadOrCreateArchiveKey(join(dataDir, `key-${name}`), `mbd builder ${name}`);
    await store.append(configurationStream('repository', 'test'), [RepositoryCreated.create(repository, metadata('setup'))], 'any');
    const config = configSchema.parse({ dataDir, bind: '127.0.0.1', httpPort: 8066, buildJobs: 0, builderTimeoutS: TIMEOUT_S, builderMaxSlots: 16 });
    @Global()
    @Module({
      providers: [
        { provide: EventStore, useValue: store },
        { provide: BlobStore, useValue: blobs },
        { provide: ArchiveKey, useValue: archiveKey },
        { provide: Builder, useValue: { name: 'local@test' } },
        { provide: Lintian, useValue: new FakeLintian() },
        { provide: Piuparts, useValue: {} },
        { provide: Autopkgtest, useValue: {} },
        { provide: ChrootManager, useValue: { endStaleSessions: () => Promise.resolve([]), list: () => Promise.resolve([]) } },
      ],
      exports: [EventStore, BlobStore, ArchiveKey, Builder, Lintian, Piuparts, Autopkgtest, ChrootManager],
    })
    class TestPortsModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), TestPortsModule, ProjectionsModule.forRoot(config)],
      providers: [ConfigurationService, BuildDispatcher, RemoteBuilds, { provide: BUILDER_CLOCK, useValue: () => Date.now() + clockOffsetMs }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    builds = app.get(RemoteBuilds);
    for (const name of ['b1', 'b2']) {
      await builds.register(name, offer(keys[name]!), remote(name));
      await builds.approve(name, keys[name]!.fingerprint, { kind: 'user', name: 'admin' });
    }
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const put = async (name: string, text: string): Promise<FileRef> => ({ name, ...(await blobs.putBuffer(Buffer.from(text))) });
  const eventsOf = async (uploadId: string): Promise<RecordedEvent[]> => [...(await store.readStream(uploadStream(uploadId)))];
  const alive = async () => {
    for (const name of ['b1', 'b2']) await builds.heartbeat(name, 0, []).catch(() => builds.register(name, offer(keys[name]!), remote(name)));
  };

  /** An accepted upload of `source` to bookworm-test-unstable and its amd64 build request. */
  async function requestBuild(uploadId: string, source: string): Promise<string> {
    const version = '1.0-1';
    const dsc = await put(`${source}_${version}.dsc`, `Source: ${source}\nVersion: ${version}\n`);
    const tarball = await put(`${source}_${version}.tar.xz`, `source of ${source}`);
    const changes = await put(`${source}_${version}_source.changes`, `Source: ${source}\n`);
    const buildId = `${uploadId}-amd64-1`;
    const distribution = 'bookworm-test-unstable';
    const meta = metadata(uploadId);
    await store.append(
      uploadStream(uploadId),
      [
        UploadReceived.create({ uploadId, changes, files: [dsc, tarball], source, version, distribution: 'unstable', architectures: ['source'], changedBy: 'T <t@example.org>', signedBy: null, via: 'ftp' }, meta),
        UploadAccepted.create({ uploadId, source, version, distribution, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64' }, meta),
        BuildRequested.create({ uploadId, buildId, source, version, distribution, architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, meta),
      ],
      'no-stream',
    );
    return buildId;
  }

  /** Claims as `name` until the build of `uploadId` is handed out (the read model may lag the request; builds re-queued by earlier tests come first). */
  async function claimed(name: string, uploadId: string): Promise<RemoteBuildJob> {
    for (let wait = 0; wait < 200; wait += 1) {
      await alive();
      const job = await builds.claim(name, remote(name));
      if (job?.uploadId === uploadId) return job;
      if (!job) await sleep(50);
    }
    throw new Error(`${name} was handed no build of ${uploadId}`);
  }

  /** Sends a failed build's log as `name` and returns the manifest listing it (optionally lying about its checksum). */
  async function sendFailedResult(name: string, buildId: string, lie = false): Promise<ResultManifest> {
    const log = Buffer.from('sbuild log\nStatus: attempted\nFail-Stage: build\n');
    const sent = await builds.putResultFile(name, buildId, 'hello_1.0-1_amd64.build', Readable.from([log]));
    expect(sent).toEqual({ name: 'hello_1.0-1_amd64.build', size: log.length, sha256: sha256(log) });
    const listed = { name: sent.name, size: sent.size, sha256: lie ? sha256(Buffer.from('something else')) : sent.sha256 };
    return { buildId, status: 'attempted', failStage: 'build', reason: 'sbuild: attempted at stage build', seconds: 3, stages: [], log: listed.name, files: [listed] };
  }

  const signed = (key: ArchiveKey, manifest: ResultManifest) => key.signInRelease(`${JSON.stringify(manifest)}\n`);
  const refusals = async (name: string) => (await store.readStream(builderStream(name))).filter((event) => event.type === 'BuildResultRefused').map((event) => event.data as { buildId: string; reason: string; requeued: boolean });

  it('hands a build to one of two concurrent claimers, and records BuildStarted once, naming it', async () => {
    await requestBuild('u-race', 'race');
    let jobs: (RemoteBuildJob | undefined)[] = [];
    for (let wait = 0; wait < 200 && !jobs.some(Boolean); wait += 1) {
      await alive();
      jobs = await Promise.all([builds.claim('b1', remote('b1')), builds.claim('b2', remote('b2'))]);
      if (!jobs.some(Boolean)) await sleep(50);
    }
    expect(jobs.filter(Boolean)).toHaveLength(1);
    const winner = jobs[0] ? 'b1' : 'b2';
    const job = jobs.find(Boolean)!;
    expect(job).toMatchObject({ uploadId: 'u-race', codename: 'bookworm', architecture: 'amd64', dsc: 'race_1.0-1.dsc' });
    expect(job.files.map((file) => file.url)).toContain(`/api/builds/${job.buildId}/source/race_1.0-1.dsc`);
    expect(job.extraRepositories[0]).toMatchObject({ line: 'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-unstable main', signedByArchiveKey: true });
    const started = (await eventsOf('u-race')).filter((event) => event.type === 'BuildStarted');
    expect(started.map((event) => (event.data as { builder: string }).builder)).toEqual([winner]);
    expect(started[0]!.metadata.actor).toEqual(remote(winner));
    // The source is the builder's to fetch, and no other builder's.
    expect((await builds.sourceFile(winner, job.buildId, 'race_1.0-1.dsc')).toString()).toContain('Source: race');
    await expect(builds.sourceFile(winner === 'b1' ? 'b2' : 'b1', job.buildId, 'race_1.0-1.dsc')).rejects.toThrow(/is not running on builder/);
  });

  it('records a good result signed by the approved key as a local build would (BuildFailed with its log)', async () => {
    await requestBuild('u-good', 'hello');
    const job = await claimed('b1', 'u-good');
    const manifest = await sendFailedResult('b1', job.buildId);
    await builds.submitResult('b1', job.buildId, await signed(keys.b1!, manifest), remote('b1'));
    const failed = (await eventsOf('u-good')).find((event) => event.type === 'BuildFailed')!;
    expect(failed.data).toMatchObject({ buildId: job.buildId, status: 'attempted', reason: 'sbuild: attempted at stage build', log: { name: 'hello_1.0-1_amd64.build' } });
    expect(failed.metadata.actor).toEqual(remote('b1'));
  });

  it('refuses a result signed by another key than the approved one, records why and re-queues the build', async () => {
    await requestBuild('u-wrong-key', 'hello');
    const job = await claimed('b1', 'u-wrong-key');
    const manifest = await sendFailedResult('b1', job.buildId);
    const refused = builds.submitResult('b1', job.buildId, await signed(keys.stranger!, manifest), remote('b1'));
    await expect(refused).rejects.toThrow(RemoteBuildError);
    await expect(refused).rejects.toMatchObject({ status: 403 });
    expect(await refusals('b1')).toContainEqual(expect.objectContaining({ buildId: job.buildId, reason: 'bad-signature', requeued: true }));
    const types = (await eventsOf('u-wrong-key')).map((event) => event.type);
    expect(types.slice(-2)).toEqual(['BuildCancelled', 'BuildRequested']);
    expect(types).not.toContain('BuildFailed');
  });

  it('refuses a result whose file is not what its manifest lists, and re-queues the build', async () => {
    await requestBuild('u-checksum', 'hello');
    const job = await claimed('b1', 'u-checksum');
    const manifest = await sendFailedResult('b1', job.buildId, true);
    await expect(builds.submitResult('b1', job.buildId, await signed(keys.b1!, manifest), remote('b1'))).rejects.toThrow(/arrived with SHA-256/);
    expect(await refusals('b1')).toContainEqual(expect.objectContaining({ buildId: job.buildId, reason: 'checksum-mismatch', requeued: true }));
    const requested = (await eventsOf('u-checksum')).filter((event) => event.type === 'BuildRequested');
    expect(requested.map((event) => (event.data as { attempt: number }).attempt)).toEqual([1, 2]);
  });

  it("re-queues a silent builder's build after MBD_BUILDER_TIMEOUT_S and refuses its late result", async () => {
    await requestBuild('u-late', 'hello');
    const job = await claimed('b2', 'u-late');
    const manifest = await sendFailedResult('b2', job.buildId);
    // b2 stops answering for longer than the timeout (b1 heartbeats at once: registry.heartbeat runs before heartbeat's first await); a sweep re-queues b2's build.
    clockOffsetMs += (TIMEOUT_S + 1) * 1000;
    await builds.heartbeat('b1', 0, []);
    await builds.sweep();
    const cancelled = (await eventsOf('u-late')).find((event) => event.type === 'BuildCancelled');
    expect(builds.registry.get('b1')?.state).toBe('online');
    expect(cancelled?.data).toMatchObject({ buildId: job.buildId, reason: 'builder b2 stopped answering' });
    expect(builds.registry.get('b2')?.state).toBe('offline');
    await expect(builds.submitResult('b2', job.buildId, await signed(keys.b2!, manifest), remote('b2'))).rejects.toMatchObject({ status: 409 });
    expect(await refusals('b2')).toContainEqual(expect.objectContaining({ buildId: job.buildId, reason: 'not-claimed', requeued: false }));
    expect((await eventsOf('u-late')).map((event) => event.type)).not.toContain('BuildFailed');
  });

  it('caps the slots a builder offers at MBD_BUILDER_MAX_SLOTS, and hands a one-slot builder one build of two concurrent claims', async () => {
    expect((await builds.register('b1', offer(keys.b1!), remote('b1'))).slots).toBe(16);
    expect(builds.registry.get('b1')?.slots).toBe(16);
    await builds.register('b5', { ...offer(keys.b1!), slots: 1 }, remote('b5'));
    await builds.approve('b5', keys.b1!.fingerprint, { kind: 'user', name: 'admin' });
    await requestBuild('u-slot-1', 'hello');
    await requestBuild('u-slot-2', 'hello');
    let jobs: (RemoteBuildJob | undefined)[] = [];
    for (let wait = 0; wait < 200 && !jobs.some(Boolean); wait += 1) {
      jobs = await Promise.all([builds.claim('b5', remote('b5')), builds.claim('b5', remote('b5'))]);
      if (!jobs.some(Boolean)) await sleep(50);
    }
    expect(jobs.filter(Boolean)).toHaveLength(1);
    expect(await builds.claim('b5', remote('b5'))).toBeUndefined();
  });

  it('takes one of two concurrent submits of a result, answers both with what was recorded, and records it once', async () => {
    await requestBuild('u-twice', 'hello');
    const job = await claimed('b1', 'u-twice');
    const manifest = await signed(keys.b1!, await sendFailedResult('b1', job.buildId));
    const answers = await Promise.all([builds.submitResult('b1', job.buildId, manifest, remote('b1')), builds.submitResult('b1', job.buildId, manifest, remote('b1'))]);
    expect(answers).toEqual([
      { buildId: job.buildId, recorded: 'BuildFailed' },
      { buildId: job.buildId, recorded: 'BuildFailed' },
    ]);
    expect((await eventsOf('u-twice')).filter((event) => event.type === 'BuildFailed')).toHaveLength(1);
    // Its files are gone with its staging: none is taken any more.
    await expect(builds.putResultFile('b1', job.buildId, 'late.log', Readable.from([Buffer.from('x')]))).rejects.toMatchObject({ status: 409 });
  });

  it("refuses a builder another builder's build (heartbeat: stop it; result: not taken) and records nothing for a build it never held", async () => {
    await requestBuild('u-theirs', 'hello');
    const job = await claimed('b1', 'u-theirs');
    expect(await builds.heartbeat('b1', 0, [job.buildId])).toEqual({ cancel: [] });
    expect(await builds.heartbeat('b2', 0, [job.buildId, 'made-up-1'])).toEqual({ cancel: [job.buildId, 'made-up-1'] });
    const manifest = await signed(keys.b2!, { buildId: job.buildId, status: 'attempted', reason: 'x', seconds: 1, stages: [], files: [] });
    await expect(builds.submitResult('b2', job.buildId, manifest, remote('b2'))).rejects.toMatchObject({ status: 409 });
    await expect(builds.submitResult('b2', 'made-up-1', manifest, remote('b2'))).rejects.toMatchObject({ status: 409 });
    const refused = (await refusals('b2')).map((refusal) => refusal.buildId);
    expect(refused).not.toContain(job.buildId);
    expect(refused).not.toContain('made-up-1');
    expect((await eventsOf('u-theirs')).map((event) => event.type)).not.toContain('BuildCancelled');
  });

  it('leaves the builds of a builder that registered with another daemon last to that daemon', async () => {
    await builds.register('b6', offer(keys.b1!), remote('b6'));
    await builds.approve('b6', keys.b1!.fingerprint, { kind: 'user', name: 'admin' });
    await requestBuild('u-elsewhere', 'hello');
    await claimed('b6', 'u-elsewhere');
    // b6 registers with daemon "other" (sharing the store) and heartbeats only there.
    const registered = (await store.readStream(builderStream('b6'))).filter((event) => event.type === 'BuilderRegistered').at(-1)!.data as BuilderRegistered['data'];
    await store.append(builderStream('b6'), [BuilderRegistered.create({ ...registered, daemon: 'other:8066' }, metadata('b6'))], 'any');
    clockOffsetMs += (TIMEOUT_S + 1) * 1000;
    await alive();
    await builds.sweep();
    expect(builds.registry.get('b6')?.state).toBe('offline');
    expect((await eventsOf('u-elsewhere')).map((event) => event.type)).not.toContain('BuildCancelled');
  });

  it('hands no build to a builder whose registered key is not approved', async () => {
    await builds.register('b3', offer(keys.stranger!), remote('b3'));
    await expect(builds.claim('b3', remote('b3'))).rejects.toThrow(/is not approved: an admin runs mbd builder-approve b3/);
  });
});
