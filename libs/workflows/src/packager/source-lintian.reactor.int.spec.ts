import { Lintian, LintianTimedOutError, type LintianReport } from '@mbd/builder';
import { MemoryCheckpoint, followerStream, type RecordedEvent } from '@mbd/events';
import { reactorFollower } from '../support/reactor-follower.js';
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCommandsService } from '../installing/archive-commands.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { UNSTABLE, WorkflowHarness, type SourcePackage } from '../testing/workflow-harness.js';
import { PackagerReactor } from './packager.reactor.js';
import { SourceLintianReactor } from './source-lintian.reactor.js';

/** lintian as the test tells it to answer; remembers what it was asked to check and which files lay beside the .dsc. */
class FakeLintian extends Lintian {
  readonly checked: { dsc: string; files: string[] }[] = [];
  report: LintianReport = { errors: 0, warnings: 0, tags: [] };
  /** Sources on which lintian runs into its time limit. */
  readonly hangsOn = new Set<string>();

  override async check(path: string): Promise<LintianReport> {
    this.checked.push({ dsc: basename(path), files: (await readdir(dirname(path))).sort() });
    if (this.hangsOn.has(basename(path).split('_')[0]!)) throw new LintianTimedOutError(path, 300);
    return this.report;
  }
}

describe('SourceLintianReactor (fake lintian, SQLite event store, blob store, real packager)', () => {
  const lintian = new FakeLintian();
  let harness: WorkflowHarness;
  let reactor: SourceLintianReactor;

  beforeAll(async () => {
    harness = await WorkflowHarness.create('source-lintian', [PackagerReactor, SourceLintianReactor], [{ provide: Lintian, useValue: lintian }]);
    reactor = harness.get(SourceLintianReactor);
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** Uploads `pkg` with `files`, lets the real packager accept it and returns its UploadAccepted. */
  async function accepted(uploadId: string, pkg: SourcePackage, files = [pkg.dsc, pkg.orig, pkg.debian]): Promise<RecordedEvent> {
    await harness.get(PackagerReactor).handle(await harness.receive(await harness.received(uploadId, pkg.source, pkg.version, files)));
    const event = (await harness.uploadEvents(uploadId)).find((e) => e.type === 'UploadAccepted');
    if (!event) throw new Error(`${uploadId} was not accepted: ${JSON.stringify(await harness.uploadEvents(uploadId))}`);
    expect(reactor.accepts(event)).toBe(true);
    return event;
  }

  it('records SourceLinted with lintian\'s counts and tag lines, having given lintian the .dsc with its files', async () => {
    const pkg = await harness.sourcePackage('linted', '1.0-1~test12+1');
    const event = await accepted('u-linted', pkg);
    lintian.report = {
      errors: 1,
      warnings: 1,
      tags: [
        { severity: 'error', package: 'linted', type: 'source', tag: 'source-is-missing', context: 'foo.min.js' },
        { severity: 'warning', package: 'linted', type: 'source', tag: 'no-debian-changes', context: '' },
      ],
    };
    await reactor.handle(event);

    const events = await harness.uploadEvents('u-linted');
    expect(events.map((e) => e.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'SourceLinted']);
    expect(events.at(-1)!.data).toEqual({
      uploadId: 'u-linted',
      source: 'linted',
      version: '1.0-1~test12+1',
      lintian: { errors: 1, warnings: 1, tags: ['E: linted source: source-is-missing', 'W: linted source: no-debian-changes'] },
    });
    expect(lintian.checked.at(-1)).toEqual({
      dsc: 'linted_1.0-1~test12+1.dsc',
      files: ['linted_1.0-1~test12+1.debian.tar.xz', 'linted_1.0-1~test12+1.dsc', 'linted_1.0.orig.tar.xz'],
    });
  });

  it('gives lintian the orig tarball the packager took from the pool for a -2 uploaded without it', async () => {
    const first = await harness.sourcePackage('pooled', '1.0-1~test12+1');
    const archive = harness.get(ArchiveCommandsService);
    await harness.settle();
    await archive.run(archive.settings(UNSTABLE), {
      type: 'InstallPackage',
      data: { distribution: archive.settings(UNSTABLE), source: 'pooled', version: first.version, files: [first.dsc, first.orig, first.debian], binaries: [] },
      metadata: daemonCommandMetadata('install-pooled'),
    });
    await harness.settle();
    const second = await harness.sourcePackage('pooled', '1.0-2~test12+1');
    const event = await accepted('u-pooled-2', second, [second.dsc, second.debian]);
    lintian.report = { errors: 0, warnings: 0, tags: [] };
    await reactor.handle(event);

    expect(lintian.checked.at(-1)).toEqual({
      dsc: 'pooled_1.0-2~test12+1.dsc',
      files: ['pooled_1.0-2~test12+1.debian.tar.xz', 'pooled_1.0-2~test12+1.dsc', 'pooled_1.0.orig.tar.xz'],
    });
    expect((await harness.uploadEvents('u-pooled-2')).at(-1)).toMatchObject({ type: 'SourceLinted', data: { lintian: { errors: 0, warnings: 0, tags: [] } } });
  });

  it('records SourceLinted without a result, naming why, when it gives up', async () => {
    const pkg = await harness.sourcePackage('stuck', '1.0-1~test12+1');
    const event = await accepted('u-stuck', pkg);
    await reactor.giveUp(event, 'lintian timed out after 300 s');

    const events = await harness.uploadEvents('u-stuck');
    expect(events.map((e) => e.type)).toEqual(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'SourceLinted']);
    expect(events.at(-1)!.data).toEqual({
      uploadId: 'u-stuck',
      source: 'stuck',
      version: '1.0-1~test12+1',
      lintian: null,
      reason: 'lintian could not check the source: lintian timed out after 300 s',
    });
  });

  it('lints an upload once: handling its UploadAccepted again neither runs lintian nor records anything', async () => {
    const pkg = await harness.sourcePackage('once', '1.0-1~test12+1');
    const event = await accepted('u-once', pkg);
    lintian.report = { errors: 0, warnings: 2, tags: [] };
    await reactor.handle(event);
    const runs = lintian.checked.length;
    const events = await harness.uploadEvents('u-once');

    lintian.report = { errors: 5, warnings: 0, tags: [] };
    await reactor.handle(event);
    await reactor.giveUp(event, 'too late');
    expect(lintian.checked).toHaveLength(runs);
    expect(await harness.uploadEvents('u-once')).toEqual(events);
    expect(events.filter((e) => e.type === 'SourceLinted').map((e) => e.data)).toMatchObject([{ lintian: { errors: 0, warnings: 2 } }]);
  });

  it('refuses a source on which lintian times out instead of waiting for it again: lintian runs once, SourceLinted says why, the next upload is linted', async () => {
    // Wired as WorkflowsModule wires the source-lintian follower (its default retry policy).
    const follower = reactorFollower(harness.store, 'source-lintian', reactor, new MemoryCheckpoint(await harness.store.headPosition()));
    await follower.start();
    try {
      lintian.hangsOn.add('bomb');
      lintian.report = { errors: 0, warnings: 0, tags: [] };
      const runs = lintian.checked.length;
      await accepted('u-bomb', await harness.sourcePackage('bomb', '1.0-1~test12+1'));
      await accepted('u-after-bomb', await harness.sourcePackage('afterbomb', '1.0-1~test12+1'));
      const linted = async (uploadId: string) => (await harness.uploadEvents(uploadId)).find((event) => event.type === 'SourceLinted')?.data;
      await expect.poll(() => linted('u-after-bomb'), { timeout: 60_000 }).toMatchObject({ lintian: { errors: 0, warnings: 0 } });

      expect(await linted('u-bomb')).toEqual({
        uploadId: 'u-bomb',
        source: 'bomb',
        version: '1.0-1~test12+1',
        lintian: null,
        reason: expect.stringContaining('lintian did not finish checking bomb_1.0-1~test12+1.dsc within 300 s (MBD_LINTIAN_TIMEOUT_S)'),
      });
      // Each run may take MBD_LINTIAN_TIMEOUT_S (300 s by default) while every other upload waits for its SourceLinted.
      expect(lintian.checked.slice(runs).map((run) => run.dsc)).toEqual(['bomb_1.0-1~test12+1.dsc', 'afterbomb_1.0-1~test12+1.dsc']);
      expect((await harness.events(followerStream('source-lintian'))).length).toBeLessThanOrEqual(1);
    } finally {
      await follower.stop();
    }
  });
});
