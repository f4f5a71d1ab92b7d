import { distributionStream, type FileRef, type RecordedEvent } from '@mbd/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCommandsService } from '../installing/archive-commands.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { UNSTABLE, WorkflowHarness, type SourcePackage } from '../testing/workflow-harness.js';
import { PackagerReactor } from './packager.reactor.js';

const dataOf = (event: RecordedEvent | undefined) => event?.data as Record<string, unknown>;

describe('PackagerReactor (SQLite event store, blob store, read models, real gpg)', () => {
  let harness: WorkflowHarness;
  let packager: PackagerReactor;

  beforeAll(async () => {
    harness = await WorkflowHarness.create('packager', [PackagerReactor]);
    packager = harness.get(PackagerReactor);
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Receives an upload of `files` and has the packager review it; returns the upload stream's event types and its last event. */
  async function review(uploadId: string, pkg: SourcePackage, files: readonly FileRef[]): Promise<{ types: string[]; last: RecordedEvent }> {
    const received = await harness.receive(await harness.received(uploadId, pkg.source, pkg.version, files));
    await packager.handle(received);
    const events = await harness.uploadEvents(uploadId);
    return { types: events.map((event) => event.type), last: events.find((event) => event.type !== 'UploadReceived' && event.type !== 'BuildRequested') ?? events.at(-1)! };
  }

  /** Installs `pkg` (its source files and one .deb) into bookworm-test-unstable, as the install process manager would. */
  async function install(pkg: SourcePackage): Promise<void> {
    const archive = harness.get(ArchiveCommandsService);
    await harness.settle();
    const deb = await harness.put(`${pkg.source}_${pkg.version}_amd64.deb`, `binary of ${pkg.source}`);
    const result = await archive.run(archive.settings(UNSTABLE), {
      type: 'InstallPackage',
      data: {
        distribution: archive.settings(UNSTABLE),
        source: pkg.source,
        version: pkg.version,
        files: [pkg.dsc, pkg.orig, pkg.debian, deb],
        binaries: [{ package: pkg.source, version: pkg.version, architecture: 'amd64' }],
      },
      metadata: daemonCommandMetadata(`install-${pkg.source}`),
    });
    expect(result.refused).toBeUndefined();
    await harness.settle();
  }

  it('accepts a complete, signed upload and requests its build', async () => {
    const pkg = await harness.sourcePackage('fine', '1.0-1~test12+1');
    const { types, last } = await review('u-fine', pkg, [pkg.dsc, pkg.orig, pkg.debian]);
    expect(types).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested']);
    expect(last.data).toMatchObject({ source: 'fine', version: '1.0-1~test12+1', distribution: UNSTABLE, buildArchitectures: ['amd64'], lintSource: true });
    expect(dataOf(last).poolFiles).toBeUndefined();
  });

  it('rejects an upload whose .dsc names a file that is in neither the upload nor the pool, naming that file', async () => {
    const pkg = await harness.sourcePackage('ghost', '1.0-1~test12+1');
    const { types, last } = await review('u-ghost', pkg, [pkg.dsc, pkg.debian]);
    expect(types).toEqual(['UploadReceived', 'UploadRejected']);
    expect(dataOf(last).reasons).toEqual([
      'ghost_1.0.orig.tar.xz, named by ghost_1.0-1~test12+1.dsc, is in neither the upload nor the pool of repository test',
    ]);
  });

  it('accepts a -2 uploaded without its orig tarball when the pool has it (from the -1 installed), listing it as a pool file', async () => {
    const first = await harness.sourcePackage('nonnative', '1.0-1~test12+1');
    await install(first);
    expect((await harness.events(distributionStream('bookworm', 'test', 'unstable'))).map((event) => event.type)).toContain('PackageInstalled');

    const second = await harness.sourcePackage('nonnative', '1.0-2~test12+1');
    expect(second.orig).toEqual(first.orig); // the same upstream tarball, as dpkg-buildpackage -sd leaves out
    const { types, last } = await review('u-nonnative-2', second, [second.dsc, second.debian]);
    expect(types).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested']);
    expect(dataOf(last).poolFiles).toEqual([first.orig]);
  });

  it('rejects a -2 whose left-out orig tarball differs from the one of that name in the pool', async () => {
    const first = await harness.sourcePackage('respun', '1.0-1~test12+1');
    await install(first);
    const second = await harness.sourcePackage('respun', '1.0-2~test12+1', { upstream: 'a re-rolled upstream tarball\n' });
    const { types, last } = await review('u-respun-2', second, [second.dsc, second.debian]);
    expect(types).toEqual(['UploadReceived', 'UploadRejected']);
    expect(dataOf(last).reasons).toEqual([
      'respun_1.0.orig.tar.xz, named by respun_1.0-2~test12+1.dsc and not uploaded, differs from the file of that name in the pool of repository test',
    ]);
  });

  it('rejects an upload carrying a file that differs from the one of the same name in the pool', async () => {
    const first = await harness.sourcePackage('clash', '1.0-1~test12+1');
    await install(first);
    const second = await harness.sourcePackage('clash', '1.0-2~test12+1', { upstream: 'another upstream tarball under the same name\n' });
    expect(second.orig.name).toBe(first.orig.name);
    const { types, last } = await review('u-clash-2', second, [second.dsc, second.orig, second.debian]);
    expect(types).toEqual(['UploadReceived', 'UploadRejected']);
    expect(dataOf(last).reasons).toEqual([
      'clash_1.0.orig.tar.xz differs from the file of that name already in the pool of repository test (one pool name cannot hold two different files)',
    ]);
  });

  it('rejects an upload whose .dsc cannot be parsed with the parser\'s reason, without throwing', async () => {
    const pkg = await harness.sourcePackage('garbled', '1.0-1~test12+1', { dscText: 'Source: garbled\nVersion: 1.0-1~test12+1\nthis line is not a field\n' });
    const { types, last } = await review('u-garbled', pkg, [pkg.dsc, pkg.orig, pkg.debian]);
    expect(types).toEqual(['UploadReceived', 'UploadRejected']);
    expect(dataOf(last).reasons).toEqual([
      `garbled_1.0-1~test12+1.dsc: line 3: 'this line is not a field' is neither a "Name: value" field nor a continuation line`,
    ]);
  });

  it('rejects a .dsc for another source and version than the .changes, naming both mismatches', async () => {
    const pkg = await harness.sourcePackage('claimed', '1.0-1~test12+1', { dscSource: 'other', dscVersion: '6.6-6~test12+1' });
    const { types, last } = await review('u-claimed', pkg, [pkg.dsc, pkg.orig, pkg.debian]);
    expect(types).toEqual(['UploadReceived', 'UploadRejected']);
    expect(dataOf(last).reasons).toEqual([
      "claimed_1.0-1~test12+1.dsc is for source 'other', the .changes for 'claimed'",
      "claimed_1.0-1~test12+1.dsc has version '6.6-6~test12+1', the .changes '1.0-1~test12+1'",
    ]);
  });

  it('reads the upload options from the signed .changes: records them with the check modes they leave, or rejects bad ones with every reason', async () => {
    const pkg = await harness.sourcePackage('optioned', '1.0-1~test12+1');
    const files = [pkg.dsc, pkg.orig, pkg.debian];
    const changes = await harness.changes(pkg.source, pkg.version, files, true, ['Fix it.', 'MINI_BUILDD_OPTION: lintian-mode=ignore', 'MINI_BUILDD_OPTION: deb-build-options[amd64]=nocheck']);
    const received = await harness.receive(await harness.received('u-optioned', pkg.source, pkg.version, files, changes));
    await packager.handle(received);
    const accepted = (await harness.uploadEvents('u-optioned')).find((event) => event.type === 'UploadAccepted');
    expect(accepted?.data).toMatchObject({
      options: [{ key: 'lintian-mode', value: 'ignore' }, { key: 'deb-build-options', architecture: 'amd64', value: 'nocheck' }],
      checks: { lintian: 'ignore', piuparts: 'disabled', autopkgtest: 'disabled', architectures: { amd64: { lintian: 'ignore' } } },
      lintSource: true,
    });

    const bad = await harness.sourcePackage('misoptioned', '1.0-1~test12+1');
    const badFiles = [bad.dsc, bad.orig, bad.debian];
    const badChanges = await harness.changes(bad.source, bad.version, badFiles, true, ['MINI_BUILDD_OPTION: colour=blue', 'MINI_BUILDD_OPTION: auto-ports=bookworm-test-testing']);
    await packager.handle(await harness.receive(await harness.received('u-misoptioned', bad.source, bad.version, badFiles, badChanges)));
    const events = await harness.uploadEvents('u-misoptioned');
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected']);
    expect(dataOf(events[1]).reasons).toEqual([
      expect.stringMatching(/^Unknown upload option 'colour'/),
      "Upload option auto-ports=bookworm-test-testing: Distribution 'bookworm-test-testing' not uploadable",
    ]);
  });

  it('changes nothing when it handles the same UploadReceived again', async () => {
    const pkg = await harness.sourcePackage('twice', '1.0-1~test12+1');
    const received = await harness.receive(await harness.received('u-twice', pkg.source, pkg.version, [pkg.dsc, pkg.orig, pkg.debian]));
    await packager.handle(received);
    const once = await harness.uploadEvents('u-twice');
    await packager.handle(received);
    expect(await harness.uploadEvents('u-twice')).toEqual(once);
    expect(once.map((event) => event.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested']);
  });

  it('rejects an upload it gives up on with "mbd could not review this upload: <reason>", retriable: a retry reviews it again, once', async () => {
    const pkg = await harness.sourcePackage('hopeless', '1.0-1~test12+1');
    const received = await harness.receive(await harness.received('u-hopeless', pkg.source, pkg.version, [pkg.dsc, pkg.orig, pkg.debian]));
    await packager.giveUp(received, 'the blob store is on fire');
    const events = await harness.uploadEvents('u-hopeless');
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected']);
    expect(events[1]!.data).toMatchObject({
      source: 'hopeless',
      version: '1.0-1~test12+1',
      reasons: ['mbd could not review this upload: the blob store is on fire'],
      retriable: true,
    });
    await packager.giveUp(received, 'again'); // already rejected: nothing new
    expect(await harness.uploadEvents('u-hopeless')).toEqual(events);
    await packager.handle(received); // the operator's retry: reviewed now that the blob store works
    const reviewed = await harness.uploadEvents('u-hopeless');
    expect(reviewed.map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected', 'UploadAccepted', 'BuildRequested']);
    await packager.handle(received);
    expect(await harness.uploadEvents('u-hopeless')).toEqual(reviewed);
  });

  it('rejects an unsigned upload to a repository that takes signed uploads only', async () => {
    const pkg = await harness.sourcePackage('unsigned', '1.0-1~test12+1');
    const files = [pkg.dsc, pkg.orig, pkg.debian];
    const changes = await harness.changes(pkg.source, pkg.version, files, false);
    const received = await harness.receive({ ...(await harness.received('u-unsigned', pkg.source, pkg.version, files, changes)), signedBy: null });
    await packager.handle(received);
    const events = await harness.uploadEvents('u-unsigned');
    expect(events.map((event) => event.type)).toEqual(['UploadReceived', 'UploadRejected']);
    expect(events[1]!.data).toMatchObject({ reasons: ['Upload is not signed, and repository test takes signed uploads only'] });
  });
});
