import { Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { buildDecider, defaultLayout } from '@mbd/archive';
import {
  BuildCancelledError,
  Builder,
  ChrootManager,
  Autopkgtest,
  Lintian,
  Piuparts,
  type BuildJob,
  type BuildResult,
  type BuildRun,
  type BuildStart,
  type Chroot,
  type LintianReport,
  type QaCheckRequest,
  type QaResult,
} from '@mbd/builder';
import { ConfigModule, configSchema } from '@mbd/config';
import {
  BuildRequested,
  EventStore,
  RepositoryCreated,
  SqliteEventStore,
  UploadAccepted,
  UploadReceived,
  configurationStream,
  handleCommand,
  uploadStream,
  type DataOf,
  type FileRef,
  type RecordedEvent,
  type RepositoryConfig,
} from '@mbd/events';
import { ArchiveKey, loadOrCreateArchiveKey } from '@mbd/gpg';
import { ProjectionsModule } from '@mbd/projections';
import { BlobStore, FsBlobStore } from '@mbd/repository';
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { of } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { BuildDispatcher } from './build-dispatcher.js';

const TIMEOUT_S = 3;

const repository: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};

const metadata = (correlationId: string) => ({ actor: { kind: 'daemon' as const }, correlationId, occurredAt: new Date().toISOString() });

/** What a build of the fake builder does: writes its results into the job's output directory, or waits to be stopped. */
type Behaviour = (job: BuildJob, signal: AbortSignal) => Promise<BuildResult>;

/** A Builder that records each job (and what its files held while it ran) and acts as told per source. */
class FakeBuilder extends Builder {
  readonly name = 'fake';
  readonly jobs: { job: BuildJob; sources: string[]; key?: string }[] = [];
  readonly behaviours = new Map<string, Behaviour>();

  build(job: BuildJob, signal: AbortSignal = new AbortController().signal): BuildRun {
    const started: Promise<BuildStart> = Promise.resolve({ builder: this.name, chroot: `${job.codename}-${job.architecture}`, at: new Date() });
    const result = (async () => {
      const keyFile = job.extraRepositories?.find((repository) => repository.keyFile)?.keyFile;
      this.jobs.push({ job, sources: (await readdir(dirname(job.dsc))).sort(), ...(keyFile ? { key: await readFile(keyFile, 'utf8') } : {}) });
      const source = basename(job.dsc).split('_')[0]!;
      const behaviour = this.behaviours.get(source);
      if (!behaviour) throw new Error(`the fake builder was not told how to build ${source}`);
      return behaviour(job, signal);
    })();
    return { started, log: of('fake sbuild starts', 'Status: whatever'), result };
  }
}

/** A piuparts that records what it was asked to check, writes a log and fails (a postrm failing on purge). */
class FakePiuparts extends Piuparts {
  readonly requests: QaCheckRequest[] = [];
  override async check(request: QaCheckRequest): Promise<QaResult> {
    this.requests.push(request);
    await writeFile(request.logFile, 'piuparts log\nERROR: Command failed (status=1)\n');
    return { status: 'fail', summary: 'command failed (status 1): dpkg --purge qa', logFile: request.logFile, seconds: 1 };
  }
}

/** An autopkgtest that must not run (its mode is disabled in the test below). */
class RefusingAutopkgtest extends Autopkgtest {
  override check(): Promise<QaResult> {
    return Promise.reject(new Error('autopkgtest ran although its mode is disabled'));
  }
}

class FakeLintian extends Lintian {
  /** When set, the next check answers this report once `until` resolves (a check that fails leaves no report). */
  next: { readonly report: LintianReport; readonly until: () => Promise<void> } | undefined;
  override async check(): Promise<LintianReport> {
    const next = this.next;
    this.next = undefined;
    if (!next) return { errors: 0, warnings: 0, tags: [] };
    await next.until();
    return next.report;
  }
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

/** A real .deb (dpkg-deb --build) claiming to come from `source`. */
async function makeDeb(dir: string, name: string, version: string, source: string): Promise<string> {
  const root = join(dir, `${name}-root`);
  await mkdir(join(root, 'DEBIAN'), { recursive: true });
  await mkdir(join(root, 'usr/share/doc', name), { recursive: true });
  await writeFile(join(root, 'usr/share/doc', name, 'README'), `${name}\n`);
  const sourceField = source === name ? '' : `Source: ${source}\n`;
  await writeFile(join(root, 'DEBIAN/control'), `Package: ${name}\n${sourceField}Version: ${version}\nArchitecture: amd64\nMaintainer: Test <test@example.org>\nDescription: test package\n`);
  const path = join(dir, `${name}_${version}_amd64.deb`);
  await execa('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, path]);
  await rm(root, { recursive: true, force: true });
  return path;
}

/** What sbuild leaves for a successful build: the .debs, a .changes listing them (claiming `claimed`), and a log. */
async function successfulBuild(job: BuildJob, claimed: { source: string; version: string }, debs: { name: string; source: string }[]): Promise<BuildResult> {
  const files = [];
  for (const deb of debs) files.push(await makeDeb(job.outputDir, deb.name, claimed.version, deb.source));
  const listed = await Promise.all(files.map(async (path) => ({ name: basename(path), bytes: await readFile(path) })));
  const changes = [
    'Format: 1.8',
    'Date: Wed, 25 Nov 2026 06:00:00 +0000',
    `Source: ${claimed.source}`,
    `Binary: ${debs.map((deb) => deb.name).join(' ')}`,
    'Architecture: amd64',
    `Version: ${claimed.version}`,
    `Distribution: ${job.distribution}`,
    'Urgency: medium',
    'Maintainer: Test <test@example.org>',
    'Description:',
    ...debs.map((deb) => ` ${deb.name} - test package`),
    'Changes:',
    ` ${claimed.source} (${claimed.version}) ${job.distribution}; urgency=medium`,
    ' .',
    '   * Built.',
    'Checksums-Sha256:',
    ...listed.map((file) => ` ${sha256(file.bytes)} ${file.bytes.length} ${file.name}`),
    'Files:',
    ...listed.map((file) => ` ${md5(file.bytes)} ${file.bytes.length} misc optional ${file.name}`),
    '',
  ].join('\n');
  const changesFile = join(job.outputDir, `${claimed.source}_${claimed.version}_amd64.changes`);
  await writeFile(changesFile, changes);
  const logFile = join(job.outputDir, `${basename(job.dsc, '.dsc')}_amd64.build`);
  await writeFile(logFile, 'sbuild log\nStatus: successful\n');
  return {
    buildId: job.buildId,
    status: 'successful',
    reason: 'sbuild: successful',
    changesFile,
    files: [changesFile, ...files],
    logFile,
    seconds: 1,
    summary: { Status: 'successful' },
    stages: [],
  };
}

/** What sbuild leaves when it failed at `stage`: a log and no .changes. */
async function failedBuild(job: BuildJob, stage: string): Promise<BuildResult> {
  const logFile = join(job.outputDir, `${basename(job.dsc, '.dsc')}_amd64.build`);
  await writeFile(logFile, `sbuild log\nFail-Stage: ${stage}\n`);
  const reason = `sbuild: failed at stage ${stage}`;
  return { buildId: job.buildId, status: 'failed', failStage: stage, reason, files: [], logFile, seconds: 1, summary: { Status: 'failed', 'Fail-Stage': stage }, stages: [] };
}

/** A build that runs until it is stopped, as a hung sbuild would; stopping it leaves a log, as SbuildBuilder does. */
const neverEnding: Behaviour = (job, signal) =>
  new Promise<BuildResult>((_resolve, reject) => {
    const stop = (): void => {
      const logFile = join(job.outputDir, 'stopped.build');
      void writeFile(logFile, 'sbuild log until it was stopped\n').then(() => reject(new BuildCancelledError(job.buildId, logFile)));
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });

describe('BuildDispatcher (fake builder, SQLite event store, SQLite read models)', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let blobs: FsBlobStore;
  let key: ArchiveKey;
  let app: INestApplication;
  let dispatcher: BuildDispatcher;
  const builder = new FakeBuilder();
  const piuparts = new FakePiuparts();
  const lintian = new FakeLintian();
  const fakeChroot = { name: 'mbd-bookworm-amd64', codename: 'bookworm', architecture: 'amd64', mode: 'schroot' } as Chroot;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mbd-build-dispatcher-'));
    store = await SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    blobs = new FsBlobStore(join(dataDir, 'blobs'));
    key = await loadOrCreateArchiveKey(join(dataDir, 'gpg'), 'mbd test archive key');
    await store.append(configurationStream('repository', 'test'), [RepositoryCreated.create(repository, metadata('setup'))], 'any');

    const config = configSchema.parse({ dataDir, bind: '0.0.0.0', httpPort: 8066, buildJobs: 2, buildTimeoutS: TIMEOUT_S });
    @Global()
    @Module({
      providers: [
        { provide: EventStore, useValue: store },
        { provide: BlobStore, useValue: blobs },
        { provide: ArchiveKey, useValue: key },
        { provide: Builder, useValue: builder },
        { provide: Lintian, useValue: lintian },
        { provide: Piuparts, useValue: piuparts },
        { provide: Autopkgtest, useValue: new RefusingAutopkgtest() },
        { provide: ChrootManager, useValue: { endStaleSessions: () => Promise.resolve([]), require: () => Promise.resolve(fakeChroot) } },
      ],
      exports: [EventStore, BlobStore, ArchiveKey, Builder, Lintian, Piuparts, Autopkgtest, ChrootManager],
    })
    class TestPortsModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), TestPortsModule, ProjectionsModule.forRoot(config)],
      providers: [ConfigurationService, BuildDispatcher],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    dispatcher = app.get(BuildDispatcher);
    dispatcher.retryDelayMs = () => 20;
    for (let wait = 0; (await dispatcher.status()).follower.state !== 'following'; wait += 1) {
      if (wait > 300) throw new Error('the dispatcher did not start following the log');
      await sleep(50);
    }
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const put = async (name: string, text: string): Promise<FileRef> => ({ name, ...(await blobs.putBuffer(Buffer.from(text))) });

  /** An accepted upload of `source` 1.0-2 to bookworm-test-unstable whose orig tarball came from the pool, and its amd64 build request. */
  async function requestBuild(uploadId: string, source: string, accepted: Pick<DataOf<typeof UploadAccepted>, 'checks'> = {}): Promise<string> {
    const version = '1.0-2';
    const dsc = await put(`${source}_${version}.dsc`, `Source: ${source}\nVersion: ${version}\n`);
    const debian = await put(`${source}_${version}.debian.tar.xz`, `debian dir of ${source}`);
    const orig = await put(`${source}_1.0.orig.tar.xz`, `upstream of ${source}`);
    const changes = await put(`${source}_${version}_source.changes`, `Source: ${source}\n`);
    const buildId = `${uploadId}-amd64-1`;
    const distribution = 'bookworm-test-unstable';
    const meta = metadata(uploadId);
    await store.append(
      uploadStream(uploadId),
      [
        UploadReceived.create(
          { uploadId, changes, files: [dsc, debian], source, version, distribution: 'unstable', architectures: ['source'], changedBy: 'Test <test@example.org>', signedBy: null, via: 'ftp' },
          meta,
        ),
        UploadAccepted.create(
          { uploadId, source, version, distribution, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64', poolFiles: [orig], ...accepted },
          meta,
        ),
        BuildRequested.create({ uploadId, buildId, source, version, distribution, architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, meta),
      ],
      'no-stream',
    );
    return buildId;
  }

  const eventsOf = async (uploadId: string): Promise<RecordedEvent[]> => [...(await store.readStream(uploadStream(uploadId)))];

  /** The upload's events once its build has ended (BuildSucceeded, BuildFailed or BuildCancelled) and the dispatcher let it go. */
  async function finished(uploadId: string, buildId: string, seconds = 20): Promise<RecordedEvent[]> {
    for (let wait = 0; wait < seconds * 20; wait += 1) {
      const events = await eventsOf(uploadId);
      if (events.some((event) => ['BuildSucceeded', 'BuildFailed', 'BuildCancelled'].includes(event.type)) && !(await dispatcher.status()).running.includes(buildId)) return events;
      await sleep(50);
    }
    throw new Error(`the build of ${uploadId} did not end within ${seconds} s: ${JSON.stringify(await dispatcher.status())}`);
  }

  it('takes a build from the queue, records BuildStarted then BuildSucceeded, with the pool files and the archive as build sources', async () => {
    builder.behaviours.set('hello', (job) => successfulBuild(job, { source: 'hello', version: '1.0-2' }, [{ name: 'hello', source: 'hello' }, { name: 'hello-data', source: 'hello' }]));
    const buildId = await requestBuild('u-hello', 'hello');
    const events = await finished('u-hello', buildId);

    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildStarted', 'BuildSucceeded']);
    const succeeded = events.at(-1)!;
    expect((succeeded.data as { files: FileRef[] }).files.map((file) => file.name).sort()).toEqual([
      'hello-data_1.0-2_amd64.deb',
      'hello_1.0-2_amd64.changes',
      'hello_1.0-2_amd64.deb',
    ]);
    expect((succeeded.data as { log: FileRef }).log.name).toBe('hello_1.0-2_amd64.build');

    const { job, sources, key: keySeen } = builder.jobs.find((seen) => seen.job.buildId === buildId)!;
    // The upload's files and the orig tarball the packager took from the pool, side by side.
    expect(sources).toEqual(['hello_1.0-2.debian.tar.xz', 'hello_1.0-2.dsc', 'hello_1.0.orig.tar.xz']);
    // The repository's own distributions, reached through the loopback (bound to 0.0.0.0), signed by the archive key.
    expect(job.extraRepositories?.map((repository) => repository.line)).toEqual([
      'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-unstable main',
      'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-testing main',
      'deb http://127.0.0.1:8066/repositories/test/ bookworm-test-stable main',
    ]);
    expect(keySeen).toBe(key.publicArmored);
    expect(job).toMatchObject({ distribution: 'bookworm-test-unstable', codename: 'bookworm', architecture: 'amd64', archAll: true });
    expect(existsSync(job.outputDir)).toBe(false); // the work directory is removed afterwards
  });

  it('runs a build again when apt could not update its lists (a passing failure), and records only the outcome', async () => {
    let runs = 0;
    builder.behaviours.set('flaky', (job) => {
      runs += 1;
      return runs === 1 ? failedBuild(job, 'apt-get-update') : successfulBuild(job, { source: 'flaky', version: '1.0-2' }, [{ name: 'flaky', source: 'flaky' }]);
    });
    const buildId = await requestBuild('u-flaky', 'flaky');
    const events = await finished('u-flaky', buildId);
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildStarted', 'BuildSucceeded']);
    expect(builder.jobs.filter((seen) => seen.job.buildId === buildId)).toHaveLength(2);
  });

  it('gives up after three runs that apt could not update, and never runs again a failure of the package itself', async () => {
    builder.behaviours.set('offline', (job) => failedBuild(job, 'apt-get-update'));
    builder.behaviours.set('broken', (job) => failedBuild(job, 'build'));
    const offline = await requestBuild('u-offline', 'offline');
    const broken = await requestBuild('u-broken', 'broken');
    const [offlineEvents, brokenEvents] = await Promise.all([finished('u-offline', offline), finished('u-broken', broken)]);
    expect(offlineEvents.at(-1)).toMatchObject({ type: 'BuildFailed', data: { reason: expect.stringContaining('apt-get-update') } });
    expect(builder.jobs.filter((seen) => seen.job.buildId === offline)).toHaveLength(3);
    expect(brokenEvents.at(-1)).toMatchObject({ type: 'BuildFailed', data: { reason: expect.stringContaining('stage build') } });
    expect(builder.jobs.filter((seen) => seen.job.buildId === broken)).toHaveLength(1);
  });

  it('refuses a result whose .changes is for another source or version: BuildFailed naming both, nothing to install', async () => {
    builder.behaviours.set('imposter', (job) => successfulBuild(job, { source: 'evil', version: '6.6-6' }, [{ name: 'evil', source: 'evil' }]));
    const buildId = await requestBuild('u-imposter', 'imposter');
    const events = await finished('u-imposter', buildId);
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildStarted', 'BuildFailed']);
    expect(events.at(-1)!.data).toMatchObject({
      status: 'wrong-result',
      reason: "the build produced evil 6.6-6 (evil_6.6-6_amd64.changes), not the upload's imposter 1.0-2; nothing of it is installed",
      log: { name: 'imposter_1.0-2_amd64.build' },
    });
  });

  it('refuses a result with a .deb of another source under a matching .changes', async () => {
    builder.behaviours.set('smuggler', (job) =>
      successfulBuild(job, { source: 'smuggler', version: '1.0-2' }, [{ name: 'smuggler', source: 'smuggler' }, { name: 'libc6', source: 'glibc' }]),
    );
    const buildId = await requestBuild('u-smuggler', 'smuggler');
    const events = await finished('u-smuggler', buildId);
    expect(events.at(-1)).toMatchObject({ type: 'BuildFailed', data: { status: 'wrong-result' } });
    expect((events.at(-1)!.data as { reason: string }).reason).toContain('libc6_1.0-2_amd64.deb (source glibc 1.0-2)');
  });

  it('stops a build that runs longer than MBD_BUILD_TIMEOUT_S and records BuildFailed "timed out after N s" with the log so far', async () => {
    builder.behaviours.set('sleeper', neverEnding);
    const began = performance.now();
    const buildId = await requestBuild('u-sleeper', 'sleeper');
    const events = await finished('u-sleeper', buildId, TIMEOUT_S + 20);
    expect((performance.now() - began) / 1000).toBeGreaterThanOrEqual(TIMEOUT_S - 0.5);
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildStarted', 'BuildFailed']);
    expect(events.at(-1)!.data).toMatchObject({
      status: 'timed-out',
      reason: `timed out after ${TIMEOUT_S} s (MBD_BUILD_TIMEOUT_S); the build was stopped`,
      log: { name: 'stopped.build' },
    });
  });

  it('stops a running build when its BuildCancelled arrives through the log, and records nothing more for it', async () => {
    builder.behaviours.set('doomed', neverEnding);
    const buildId = await requestBuild('u-doomed', 'doomed');
    for (let wait = 0; !builder.jobs.some((seen) => seen.job.buildId === buildId); wait += 1) {
      if (wait > 200) throw new Error('the build did not start');
      await sleep(50);
    }
    await handleCommand(store, uploadStream('u-doomed'), buildDecider, {
      type: 'CancelBuild',
      data: { architecture: 'amd64', reason: 'cancelled by the test' },
      metadata: daemonCommandMetadata('u-doomed'),
    });
    const events = await finished('u-doomed', buildId, TIMEOUT_S - 1);
    await sleep(200);
    expect((await eventsOf('u-doomed')).map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildStarted', 'BuildCancelled']);
    expect(events.at(-1)!.data).toMatchObject({ reason: 'cancelled by the test' });
  });

  it('runs piuparts on a successful build where its mode is not disabled, in the build chroot, and records its verdict and log', async () => {
    builder.behaviours.set('qa', (job) => successfulBuild(job, { source: 'qa', version: '1.0-2' }, [{ name: 'qa', source: 'qa' }]));
    const modes = { lintian: 'errfail', piuparts: 'errfail', autopkgtest: 'disabled' } as const;
    const buildId = await requestBuild('u-qa', 'qa', { checks: { ...modes, architectures: { amd64: modes } } });
    const succeeded = (await finished('u-qa', buildId)).find((event) => event.type === 'BuildSucceeded')!;
    const { piuparts: result, autopkgtest } = succeeded.data as { piuparts?: { status: string; summary: string; log?: FileRef }; autopkgtest?: unknown };
    expect(result).toMatchObject({ status: 'fail', summary: 'command failed (status 1): dpkg --purge qa', log: { name: 'qa_1.0-2_amd64.piuparts.log' } });
    expect((await blobs.read(result!.log!.sha256)).toString()).toContain('piuparts log');
    expect(autopkgtest).toBeUndefined();
    const [request] = piuparts.requests;
    expect(request).toMatchObject({ chroot: fakeChroot, debs: [expect.stringMatching(/\/qa_1\.0-2_amd64\.deb$/)] });
    expect(request!.dsc).toMatch(/\/qa_1\.0-2\.dsc$/);
    expect(request!.extraRepositories?.map((repository) => repository.line)[0]).toBe('deb http://127.0.0.1:8066/repositories/test/ bookworm-test-unstable main');
  });

  it('runs lintian on the result beside piuparts, and records both in BuildSucceeded', async () => {
    builder.behaviours.set('beside', (job) => successfulBuild(job, { source: 'beside', version: '1.0-2' }, [{ name: 'beside', source: 'beside' }]));
    const asked = piuparts.requests.length;
    lintian.next = {
      report: { errors: 1, warnings: 0, tags: [{ severity: 'error', package: 'beside', type: 'binary', tag: 'some-error', context: '' }] },
      // Answers only once piuparts has been asked: run one after the other, lintian would give up here and leave no report.
      until: async () => {
        for (let wait = 0; piuparts.requests.length === asked; wait += 1) {
          if (wait > 200) throw new Error('piuparts was not asked while lintian ran');
          await sleep(50);
        }
      },
    };
    const modes = { lintian: 'errfail', piuparts: 'errfail', autopkgtest: 'disabled' } as const;
    const buildId = await requestBuild('u-beside', 'beside', { checks: { ...modes, architectures: { amd64: modes } } });
    const succeeded = (await finished('u-beside', buildId)).find((event) => event.type === 'BuildSucceeded')!;
    expect(succeeded.data).toMatchObject({ lintian: { errors: 1, warnings: 0, tags: ['E: beside: some-error'] }, piuparts: { status: 'fail' } });
  });

  it('runs no QA tool where both modes are disabled (the suite default)', async () => {
    const before = piuparts.requests.length;
    builder.behaviours.set('plain', (job) => successfulBuild(job, { source: 'plain', version: '1.0-2' }, [{ name: 'plain', source: 'plain' }]));
    const succeeded = (await finished('u-plain', await requestBuild('u-plain', 'plain'))).find((event) => event.type === 'BuildSucceeded')!;
    expect(succeeded.data).not.toHaveProperty('piuparts');
    expect(piuparts.requests).toHaveLength(before);
  });

  it('shows the follower beside the builder in its status', async () => {
    const status = await dispatcher.status();
    expect(status).toMatchObject({ builder: 'fake', slots: 2, timeoutSeconds: TIMEOUT_S, running: [] });
    expect(status.follower).toMatchObject({ name: 'builds', state: 'following', lag: 0, parked: [] });
  });
});
