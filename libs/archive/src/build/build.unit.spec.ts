import { BuildCancelled, BuildFailed, BuildRequested, BuildStarted, BuildSucceeded, PackageInstalled, SourceLinted, type UploadEvent, UploadAccepted, UploadReceived } from '@mbd/events';
import { ArchiveCommandRefused } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../decider.js';
import { distributionDecider } from '../distribution/distribution.decider.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, fileRef, metadata, settings } from '../testing/fixtures.js';
import { uploadDecider } from '../upload/upload.decider.js';
import { binariesOf } from './binaries-of.js';
import { afterBuild, afterInstallRefused } from './build-orchestration.process-manager.js';
import type { BuildCommand } from './build.commands.js';
import { buildDecider } from './build.decider.js';

const given = deciderSpecification(buildDecider);
const unstable = settings('unstable');
const version = '1.0-1~test12+1';
const common = { uploadId: 'u1', source: 'hello', version, distribution: unstable.name };
const sourceFiles = [fileRef(`hello_${version}.dsc`), fileRef('hello_1.0.orig.tar.gz'), fileRef(`hello_${version}_amd64.deb`)];

const accepted: UploadEvent[] = [
  UploadReceived.create(
    { ...common, distribution: unstable.name, changes: fileRef('hello.changes'), files: sourceFiles, architectures: ['source', 'amd64'], changedBy: 'J <j@x>', signedBy: null, via: 'ftp' },
    metadata,
  ),
  UploadAccepted.create({ ...common, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64', 'i386'], archAllOn: 'amd64' }, metadata),
  BuildRequested.create({ ...common, buildId: 'u1-amd64-1', architecture: 'amd64', archAll: true, optional: false, attempt: 1 }, metadata),
  BuildRequested.create({ ...common, buildId: 'u1-i386-1', architecture: 'i386', archAll: false, optional: true, attempt: 1 }, metadata),
];
const built = (architecture: string, lintian?: { errors: number; warnings: number }) =>
  BuildSucceeded.create(
    {
      buildId: `u1-${architecture}-1`,
      architecture,
      files: [fileRef(`hello_${version}_${architecture}.changes`), fileRef(`hello_${version}_${architecture}.deb`), ...(architecture === 'amd64' ? [fileRef(`hello-doc_${version}_all.deb`)] : [])],
      log: fileRef(`hello_${version}_${architecture}.build`),
      seconds: 30,
      ...(lintian ? { lintian } : {}),
    },
    metadata,
  );
const failed = (architecture: string, buildId = `u1-${architecture}-1`) => BuildFailed.create({ buildId, architecture, reason: 'build-depends not installable', status: 'failed' }, metadata);
const command = (type: BuildCommand['type'], data: unknown) => ({ type, data, metadata: commandMetadata }) as BuildCommand;

const next = (history: UploadEvent[]) => afterBuild(foldEvents(uploadDecider, history), history.at(-1)!, unstable, commandMetadata);

describe('build decider', () => {
  it('records start, success and failure of the current attempt only', () => {
    const started = { buildId: 'u1-amd64-1', architecture: 'amd64', builder: 'local', chroot: 'mbd-bookworm-amd64' };
    given(accepted).when(command('StartBuild', started)).then([BuildStarted.create(started, metadata)]);
    given([...accepted, BuildStarted.create(started, metadata)]).when(command('StartBuild', started)).thenNothing();
    given(accepted).when(command('RecordBuildSuccess', built('amd64').data)).then([built('amd64')]);
    given(accepted).when(command('RecordBuildFailure', failed('amd64', 'u1-amd64-0').data)).thenNothing();
  });

  it('cancels a waiting or running build, and refuses to cancel a finished one', () => {
    given(accepted)
      .when(command('CancelBuild', { architecture: 'i386', reason: 'daemon restart' }))
      .then([BuildCancelled.create({ buildId: 'u1-i386-1', architecture: 'i386', reason: 'daemon restart' }, metadata)]);
    expect(() => given([...accepted, built('amd64')]).when(command('CancelBuild', { architecture: 'amd64', reason: 'x' })).events()).toThrow(/it is succeeded/);
  });

  it('retries a failed build as a new request with the next attempt, and nothing else', () => {
    given([...accepted, failed('amd64')])
      .when(command('RetryBuild', { architecture: 'amd64' }))
      .then([BuildRequested.create({ ...common, buildId: 'u1-amd64-2', architecture: 'amd64', archAll: true, optional: false, attempt: 2 }, metadata)]);
    expect(() => given(accepted).when(command('RetryBuild', { architecture: 'amd64' })).events()).toThrow(/did not fail/);
    expect(() => given([]).when(command('RetryBuild', { architecture: 'amd64' })).events()).toThrow(/did not fail/);
  });
});

describe('build orchestration', () => {
  it('waits until every architecture has settled', () => {
    expect(next([...accepted, built('amd64')])).toBeUndefined();
  });

  it('installs when all mandatory architectures built, even if an optional one failed', () => {
    const install = next([...accepted, built('amd64'), failed('i386')]);
    expect(install?.type).toBe('InstallPackage');
    expect(install?.data).toMatchObject({ distribution: unstable, source: 'hello', version, uploadId: 'u1' });
    const data = install?.type === 'InstallPackage' ? install.data : undefined;
    expect(data?.files.map((file) => file.name)).toEqual([
      `hello_${version}.dsc`,
      'hello_1.0.orig.tar.gz',
      `hello_${version}_amd64.changes`,
      `hello_${version}_amd64.deb`,
      `hello-doc_${version}_all.deb`,
    ]);
    expect(data?.binaries).toEqual([
      { package: 'hello', version, architecture: 'amd64' },
      { package: 'hello-doc', version, architecture: 'all' },
    ]);
    const installed = distributionDecider.decide(install as never, distributionDecider.initialState());
    expect(installed[0]?.type).toBe(PackageInstalled.type);
  });

  it('fails the upload when a mandatory architecture failed or its lintian result fails the suite', () => {
    expect(next([...accepted, built('i386'), failed('amd64')])).toEqual({
      type: 'FailUpload',
      data: { reasons: ['1 mandatory architecture(s) missing: amd64 (failed: build-depends not installable)'] },
      metadata: commandMetadata,
    });
    expect(next([...accepted, built('i386'), built('amd64', { errors: 1, warnings: 0 })])?.data).toEqual({
      reasons: ['1 mandatory architecture(s) missing: amd64 (lintian found 1 error(s) and 0 warning(s) in the amd64 build (lintian mode errfail))'],
    });
  });

  it('does nothing for events that do not end a build, or after the upload failed', () => {
    expect(afterBuild(foldEvents(uploadDecider, accepted), accepted[2]!, unstable, commandMetadata)).toBeUndefined();
    const failedUpload = [...accepted, built('i386'), failed('amd64')];
    const failEvents = uploadDecider.decide(next(failedUpload) as never, foldEvents(uploadDecider, failedUpload));
    expect(afterBuild(foldEvents(uploadDecider, [...failedUpload, ...failEvents]), failedUpload.at(-1)!, unstable, commandMetadata)).toBeUndefined();
  });

  it('fails the upload whose install the archive refused', () => {
    const refused = ArchiveCommandRefused.create({ command: 'install', distribution: unstable.name, source: 'hello', version, reason: 'version-older', message: 'older' }, metadata);
    expect(afterInstallRefused(refused, commandMetadata)).toEqual({ type: 'FailUpload', data: { reasons: ['older'] }, metadata: commandMetadata });
  });
});

describe('binariesOf', () => {
  it('reads binary packages from .deb/.udeb names and gives back the epoch of the source version', () => {
    const files = [fileRef('hello_1.0-1_amd64.deb'), fileRef('hello-udeb_1.0-1_amd64.udeb'), fileRef('libhello1_2.0_all.deb'), fileRef('hello_1.0-1_amd64.buildinfo')];
    expect(binariesOf(files, '2:1.0-1')).toEqual([
      { package: 'hello', version: '2:1.0-1', architecture: 'amd64' },
      { package: 'hello-udeb', version: '2:1.0-1', architecture: 'amd64' },
      { package: 'libhello1', version: '2.0', architecture: 'all' },
    ]);
  });
});

describe('install after builds and lintian on the source', () => {
  const linting: UploadEvent[] = [
    accepted[0]!,
    UploadAccepted.create(
      { ...common, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64', lintSource: true, poolFiles: [fileRef('hello_1.0.orig-extra.tar.gz')] },
      metadata,
    ),
    accepted[2]!,
  ];
  const linted = (errors: number, reason?: string) =>
    SourceLinted.create({ ...common, lintian: reason ? null : { errors, warnings: 0, tags: errors ? ['E: hello source: bad'] : [] }, ...(reason ? { reason } : {}) }, metadata);

  it('waits for lintian on the source when the builds are done first, and installs once it passed', () => {
    expect(next([...linting, built('amd64')])).toBeUndefined();
    const install = next([...linting, built('amd64'), linted(0)]);
    expect(install).toMatchObject({ type: 'InstallPackage' });
    expect(install?.type === 'InstallPackage' && install.data.files.map((file) => file.name)).toContain('hello_1.0.orig-extra.tar.gz');
  });

  it('waits for the builds when lintian is done first', () => {
    expect(next([...linting, linted(0)])).toBeUndefined();
    expect(next([...linting, linted(0), built('amd64')])).toMatchObject({ type: 'InstallPackage' });
  });

  it('fails the upload when lintian on the source fails the suite (errfail), or could not run', () => {
    expect(next([...linting, built('amd64'), linted(1)])).toMatchObject({
      type: 'FailUpload',
      data: { reasons: [`lintian found 1 error(s) and 0 warning(s) in hello_${version}.dsc (lintian mode errfail): E: hello source: bad`] },
    });
    expect(next([...linting, built('amd64'), linted(0, 'timed out after 300 s')])).toMatchObject({
      type: 'FailUpload',
      data: { reasons: [`lintian did not run on hello_${version}.dsc, but the suite fails on lintian errors (timed out after 300 s)`] },
    });
  });
});
