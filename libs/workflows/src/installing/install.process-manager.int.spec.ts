import { buildDecider, uploadDecider, type LintianResult } from '@mbd/archive';
import { MemoryCheckpoint, RepositoryChanged, configurationStream, followerStream, distributionStream, handleCommand, uploadStream, type FileRef, type RecordedEvent } from '@mbd/events';
import { reactorFollower } from '../support/reactor-follower.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PackagerReactor } from '../packager/packager.reactor.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { UNSTABLE, WorkflowHarness, testRepository, type SourcePackage } from '../testing/workflow-harness.js';
import { ArchiveCommandsService } from './archive-commands.service.js';
import { InstallProcessManager } from './install.process-manager.js';

const unstableStream = distributionStream('bookworm', 'test', 'unstable');

describe('InstallProcessManager (SQLite event store, read models, real packager and deciders)', () => {
  let harness: WorkflowHarness;
  let install: InstallProcessManager;

  beforeAll(async () => {
    harness = await WorkflowHarness.create('install', [PackagerReactor, InstallProcessManager]);
    install = harness.get(InstallProcessManager);
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** An upload of `pkg` the real packager accepted (one amd64 build requested, lintian on the source wanted). */
  async function accept(uploadId: string, pkg: SourcePackage): Promise<void> {
    await harness.get(PackagerReactor).handle(await harness.receive(await harness.received(uploadId, pkg.source, pkg.version, [pkg.dsc, pkg.orig, pkg.debian])));
    expect((await harness.uploadEvents(uploadId)).map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested']);
  }

  /** What the build dispatcher records when sbuild succeeded: the .deb, .buildinfo and .changes as blobs, and the log. */
  async function buildSucceeded(uploadId: string, pkg: SourcePackage): Promise<{ event: RecordedEvent; built: FileRef[] }> {
    const built = [
      await harness.put(`${pkg.source}_${pkg.version}_amd64.deb`, `the .deb of ${pkg.source}`),
      await harness.put(`${pkg.source}_${pkg.version}_amd64.buildinfo`, `buildinfo of ${pkg.source}`),
      await harness.put(`${pkg.source}_${pkg.version}_amd64.changes`, `changes of the build of ${pkg.source}`),
    ];
    const log = await harness.put(`${pkg.source}_${pkg.version}_amd64.build`, 'Status: successful\n');
    const { events } = await handleCommand(harness.store, uploadStream(uploadId), buildDecider, {
      type: 'RecordBuildSuccess',
      data: { buildId: `${uploadId}-amd64-1`, architecture: 'amd64', files: built, log, seconds: 3 },
      metadata: daemonCommandMetadata(uploadId),
    });
    expect(events.map((event) => event.type)).toEqual(['BuildSucceeded']);
    return { event: events[0]!, built };
  }

  /** What the source-lintian reactor records. */
  async function sourceLinted(uploadId: string, lintian: LintianResult | null, reason?: string): Promise<RecordedEvent> {
    const { events } = await handleCommand(harness.store, uploadStream(uploadId), uploadDecider, {
      type: 'RecordSourceLintian',
      data: { lintian, ...(reason ? { reason } : {}) },
      metadata: daemonCommandMetadata(uploadId),
    });
    expect(events.map((event) => event.type)).toEqual(['SourceLinted']);
    return events[0]!;
  }

  const installsOf = async (uploadId: string) =>
    (await harness.events(unstableStream)).filter((event) => event.metadata.correlationId === uploadId);

  it('installs into the distribution once every build succeeded and lintian passed the source, and only once', async () => {
    const pkg = await harness.sourcePackage('good', '1.0-1~test12+1');
    await accept('u-good', pkg);
    const { event: built, built: files } = await buildSucceeded('u-good', pkg);
    await harness.settle();

    await install.handle(built);
    expect(await installsOf('u-good')).toEqual([]); // lintian on the source has not spoken yet

    const linted = await sourceLinted('u-good', { errors: 0, warnings: 3, tags: ['W: good source: some-warning'] });
    await install.handle(linted);
    const installed = await installsOf('u-good');
    expect(installed.map((event) => event.type)).toEqual(['PackageInstalled']);
    expect(installed[0]!.data).toEqual({
      distribution: UNSTABLE,
      source: 'good',
      version: '1.0-1~test12+1',
      uploadId: 'u-good',
      files: [pkg.dsc, pkg.orig, pkg.debian, ...files],
      binaries: [{ package: 'good', version: '1.0-1~test12+1', architecture: 'amd64' }],
    });

    await harness.settle();
    await install.handle(linted);
    await install.handle(built);
    expect(await installsOf('u-good')).toEqual(installed);
    expect((await harness.uploadEvents('u-good')).map((event) => event.type)).not.toContain('UploadFailed');
  });

  it('fails the upload, naming lintian\'s errors, when lintian finds errors in a suite whose lintian mode is errfail', async () => {
    expect(testRepository.layout.suites.find((suite) => suite.name === 'unstable')?.lintian).toBe('errfail');
    const pkg = await harness.sourcePackage('dirty', '1.0-1~test12+1');
    await accept('u-dirty', pkg);
    await buildSucceeded('u-dirty', pkg);
    const linted = await sourceLinted('u-dirty', { errors: 2, warnings: 0, tags: ['E: dirty source: source-is-missing', 'E: dirty source: license-problem'] });
    await harness.settle();
    await install.handle(linted);

    const events = await harness.uploadEvents('u-dirty');
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildSucceeded', 'SourceLinted', 'UploadFailed']);
    expect(events.at(-1)!.data).toMatchObject({
      distribution: UNSTABLE,
      reasons: [
        'lintian found 2 error(s) and 0 warning(s) in dirty_1.0-1~test12+1.dsc (lintian mode errfail): E: dirty source: source-is-missing, E: dirty source: license-problem',
      ],
    });
    expect(await installsOf('u-dirty')).toEqual([]);
  });

  it('fails the upload when lintian could not check the source in an errfail suite', async () => {
    const pkg = await harness.sourcePackage('unchecked', '1.0-1~test12+1');
    await accept('u-unchecked', pkg);
    await buildSucceeded('u-unchecked', pkg);
    const linted = await sourceLinted('u-unchecked', null, 'lintian could not check the source: timed out after 300 s');
    await harness.settle();
    await install.handle(linted);

    const events = await harness.uploadEvents('u-unchecked');
    expect(events.at(-1)).toMatchObject({
      type: 'UploadFailed',
      data: {
        reasons: [
          'lintian did not run on unchecked_1.0-1~test12+1.dsc, but the suite fails on lintian errors (lintian could not check the source: timed out after 300 s)',
        ],
      },
    });
    expect(await installsOf('u-unchecked')).toEqual([]);
  });

  it('installs a -2 uploaded without its orig tarball together with the orig tarball from the pool', async () => {
    const first = await harness.sourcePackage('twostep', '1.0-1~test12+1');
    await accept('u-twostep-1', first);
    await buildSucceeded('u-twostep-1', first);
    await harness.settle();
    await install.handle(await sourceLinted('u-twostep-1', { errors: 0, warnings: 0, tags: [] }));
    expect((await installsOf('u-twostep-1')).map((event) => event.type)).toEqual(['PackageInstalled']);
    await harness.settle();

    const second = await harness.sourcePackage('twostep', '1.0-2~test12+1');
    await harness.get(PackagerReactor).handle(await harness.receive(await harness.received('u-twostep-2', 'twostep', second.version, [second.dsc, second.debian])));
    expect((await harness.uploadEvents('u-twostep-2')).map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested']);
    const { built } = await buildSucceeded('u-twostep-2', second);
    await harness.settle();
    await install.handle(await sourceLinted('u-twostep-2', { errors: 0, warnings: 0, tags: [] }));

    const installed = await installsOf('u-twostep-2');
    expect(installed.map((event) => event.type)).toEqual(['PackageRotatedToRollback', 'PackageInstalled']);
    expect(installed[1]!.data).toMatchObject({ version: '1.0-2~test12+1', replaced: '1.0-1~test12+1', files: [second.dsc, second.debian, first.orig, ...built] });
  });

  it('fails the upload with the archive\'s message when the archive refuses the install', async () => {
    const pkg = await harness.sourcePackage('overtaken', '1.0-1~test12+1');
    await accept('u-overtaken', pkg);
    await buildSucceeded('u-overtaken', pkg);
    const linted = await sourceLinted('u-overtaken', { errors: 0, warnings: 0, tags: [] });
    // Meanwhile the target gets a newer version (another upload, an admin's port…).
    const newer = await harness.sourcePackage('overtaken', '2.0-1~test12+1');
    const archive = harness.get(ArchiveCommandsService);
    await harness.settle();
    await archive.run(archive.settings(UNSTABLE), {
      type: 'InstallPackage',
      data: { distribution: archive.settings(UNSTABLE), source: 'overtaken', version: newer.version, files: [newer.dsc, newer.orig, newer.debian], binaries: [] },
      metadata: daemonCommandMetadata('u-newer'),
    });
    await harness.settle();

    await install.handle(linted);
    const [refused] = await installsOf('u-overtaken');
    expect(refused).toMatchObject({ type: 'ArchiveCommandRefused', data: { command: 'install', source: 'overtaken' } });
    expect(install.accepts(refused!)).toBe(true);
    await install.handle(refused!);

    const events = await harness.uploadEvents('u-overtaken');
    expect(events.at(-1)).toMatchObject({ type: 'UploadFailed', data: { reasons: [(refused!.data as { message: string }).message] } });
    expect((refused!.data as { message: string }).message).toContain('2.0-1~test12+1');
  });

  // Last: it removes bookworm from the repository's configuration.
  it('fails the upload with the reason, without throwing, when its distribution was removed from the configuration', async () => {
    const pkg = await harness.sourcePackage('orphan', '1.0-1~test12+1');
    await accept('u-orphan', pkg);
    await buildSucceeded('u-orphan', pkg);
    const linted = await sourceLinted('u-orphan', { errors: 0, warnings: 0, tags: [] });
    const trixieOnly = { ...testRepository, codenames: [{ ...testRepository.codenames[0]!, codename: 'trixie', codeversion: '13' }] };
    await harness.store.append(
      configurationStream('repository', 'test'),
      [RepositoryChanged.create(trixieOnly, { actor: { kind: 'daemon' }, correlationId: 'reconfigure', occurredAt: new Date().toISOString() })],
      'any',
    );
    await harness.settle();

    // Through the follower, wired as WorkflowsModule wires it: handled once, nothing parked, nothing retried.
    const follower = reactorFollower(harness.store, 'install', install, new MemoryCheckpoint(linted.position - 1), { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 });
    await follower.start();
    try {
      await follower.caughtUp(await harness.store.headPosition());
      await expect.poll(async () => (await harness.uploadEvents('u-orphan')).at(-1)?.type).toBe('UploadFailed');
      await follower.caughtUp(await harness.store.headPosition());
      expect(await follower.status()).toMatchObject({ state: 'following', lag: 0, attempts: 0, parked: [] });
      expect(await harness.events(followerStream('install'))).toEqual([]);
    } finally {
      await follower.stop();
    }

    const events = await harness.uploadEvents('u-orphan');
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildSucceeded', 'SourceLinted', 'UploadFailed']);
    expect(events.at(-1)!.data).toMatchObject({
      reasons: [`${UNSTABLE} can no longer be installed into: No distribution for codename 'bookworm' in repository test`],
    });

    // Handling it again (a retry, a replay) neither throws nor records anything more.
    await expect(install.handle(linted)).resolves.toBeUndefined();
    expect(await harness.uploadEvents('u-orphan')).toEqual(events);
    expect(await installsOf('u-orphan')).toEqual([]);
  });
});
