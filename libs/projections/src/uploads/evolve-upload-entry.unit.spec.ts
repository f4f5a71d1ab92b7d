import {
  BuildCancelled,
  BuildFailed,
  BuildRequested,
  BuildStarted,
  BuildSucceeded,
  PackageInstalled,
  UploadAccepted,
  UploadFailed,
  UploadReceived,
  UploadRejected,
  type EventMetadata,
} from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { evolveUploadEntry, type UploadEntryEvent } from './evolve-upload-entry.js';
import type { UploadEntry } from './upload-entry.entity.js';

const meta: EventMetadata = { actor: { kind: 'daemon' }, correlationId: 'u1', occurredAt: '2026-03-01T10:00:00.000Z' };
const file = (name: string) => ({ name, sha256: 'a'.repeat(64), size: 1 });
const unstable = 'bookworm-test-unstable';

const received = (distribution = 'unstable', signedBy: string | null = null) =>
  UploadReceived.create(
    {
      uploadId: 'u1',
      changes: file('hello_1-1_source.changes'),
      files: [file('hello_1-1.dsc')],
      source: 'hello',
      version: '1-1',
      distribution,
      architectures: ['source'],
      changedBy: 'Jane Doe <jane@example.org>',
      signedBy,
      via: 'ftp',
    },
    meta,
  );
const accepted = UploadAccepted.create(
  { uploadId: 'u1', source: 'hello', version: '1-1', distribution: unstable, codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64', 'i386'], archAllOn: 'amd64' },
  meta,
);
const requested = (architecture: string, attempt = 1, optional = false) =>
  BuildRequested.create(
    { uploadId: 'u1', buildId: `u1-${architecture}-${attempt}`, source: 'hello', version: '1-1', distribution: unstable, architecture, archAll: false, optional, attempt },
    meta,
  );
const started = (architecture: string, attempt = 1) =>
  BuildStarted.create({ buildId: `u1-${architecture}-${attempt}`, architecture, builder: 'local', chroot: `mbd-bookworm-${architecture}` }, meta);
const succeeded = (architecture: string, attempt = 1) =>
  BuildSucceeded.create({ buildId: `u1-${architecture}-${attempt}`, architecture, files: [file('hello.deb')], log: file('hello.log'), seconds: 1 }, meta);
const failed = (architecture: string, reason: string, attempt = 1) =>
  BuildFailed.create({ buildId: `u1-${architecture}-${attempt}`, architecture, reason, status: 'failed' }, meta);
const installed = PackageInstalled.create({ distribution: unstable, source: 'hello', version: '1-1', uploadId: 'u1', files: [file('hello_1-1.dsc')], binaries: [] }, meta);

/** Folds `events` from nothing, the n-th at position n and minute n. */
const fold = (events: UploadEntryEvent[], from: UploadEntry | null = null, first = 1): UploadEntry | null =>
  events.reduce<UploadEntry | null>(
    (row, event, index) =>
      evolveUploadEntry(row, event, { uploadId: 'u1', position: first + index, occurredAt: `2026-03-01T10:${String(first + index).padStart(2, '0')}:00.000Z` }),
    from,
  );

describe('evolveUploadEntry', () => {
  it('follows an upload from received through accepted, building and built to installed', () => {
    const states = [received(), accepted, requested('amd64'), requested('i386'), started('amd64'), succeeded('amd64'), started('i386'), succeeded('i386'), installed].map(
      (_, n, all) => fold(all.slice(0, n + 1))!.state,
    );
    expect(states).toEqual(['received', 'accepted', 'accepted', 'accepted', 'building', 'building', 'building', 'built', 'installed']);
    expect(fold([received(), accepted, requested('amd64'), started('amd64'), succeeded('amd64'), installed])).toMatchObject({
      uploadId: 'u1',
      source: 'hello',
      version: '1-1',
      distribution: unstable,
      changesDistribution: 'unstable',
      repository: 'test',
      uploader: 'Jane Doe <jane@example.org>',
      changedBy: 'Jane Doe <jane@example.org>',
      reason: null,
      builds: [{ architecture: 'amd64', buildId: 'u1-amd64-1', attempt: 1, optional: false, state: 'succeeded' }],
      receivedPosition: 1,
      receivedAt: '2026-03-01T10:01:00.000Z',
      position: 6,
      updatedAt: '2026-03-01T10:06:00.000Z',
    });
  });

  it('names the distribution before acceptance only when the .changes names one in full, and a signed upload by its key', () => {
    expect(fold([received()])).toMatchObject({ distribution: null, repository: null });
    expect(fold([received(unstable, 'F'.repeat(40))])).toMatchObject({ distribution: unstable, repository: 'test', uploader: `key:${'F'.repeat(40)}` });
  });

  it('keeps an upload the intake refused unread, and takes a retriable rejection back when the upload is accepted after all', () => {
    expect(fold([UploadRejected.create({ uploadId: 'u1', reasons: ['no .changes', 'bad signature'] }, meta)])).toMatchObject({
      source: null,
      version: null,
      distribution: null,
      state: 'rejected',
      reason: 'no .changes\nbad signature',
      receivedPosition: 1,
    });
    const retriable = UploadRejected.create({ uploadId: 'u1', source: 'hello', version: '1-1', distribution: 'unstable', reasons: ['keyring unavailable'], retriable: true }, meta);
    expect(fold([received(), retriable])).toMatchObject({ state: 'rejected', reason: 'keyring unavailable' });
    expect(fold([received(), retriable, accepted])).toMatchObject({ state: 'accepted', reason: null, distribution: unstable });
  });

  it('fails when a mandatory build fails, keeps the packager’s reasons, and builds again on a retry', () => {
    const failedRow = fold([received(), accepted, requested('amd64'), requested('i386'), started('amd64'), failed('amd64', 'it broke'), started('i386')]);
    expect(failedRow).toMatchObject({ state: 'building' });
    const settled = fold([BuildCancelled.create({ buildId: 'u1-i386-1', architecture: 'i386', reason: 'cancelled by admin' }, meta)], failedRow, 8);
    expect(settled).toMatchObject({ state: 'failed', reason: 'amd64 failed: it broke\ni386 cancelled: cancelled by admin' });
    const packager = fold([UploadFailed.create({ uploadId: 'u1', source: 'hello', version: '1-1', distribution: unstable, reasons: ['2 mandatory architecture(s) missing'] }, meta)], settled, 9);
    expect(packager).toMatchObject({ state: 'failed', reason: '2 mandatory architecture(s) missing' });
    const retried = fold([requested('amd64', 2), failed('amd64', 'late result of the first attempt', 1)], packager, 10);
    expect(retried).toMatchObject({ state: 'building', reason: null });
    expect(retried!.builds.map((build) => [build.architecture, build.attempt, build.state])).toEqual([['amd64', 2, 'requested'], ['i386', 1, 'cancelled']]);
  });

  it('counts an upload built when only an optional architecture failed', () => {
    expect(fold([received(), accepted, requested('amd64'), requested('i386', 1, true), started('amd64'), succeeded('amd64'), started('i386'), failed('i386', 'no')])).toMatchObject({
      state: 'built',
      reason: null,
    });
  });

  it('ignores events for an unknown upload and everything after the install', () => {
    expect(fold([accepted, requested('amd64'), started('amd64')])).toBeNull();
    const done = fold([received(), accepted, requested('amd64'), started('amd64'), succeeded('amd64'), installed]);
    for (const late of [failed('amd64', 'late'), UploadFailed.create({ uploadId: 'u1', source: 'hello', version: '1-1', distribution: unstable, reasons: ['late'] }, meta), received()])
      expect(evolveUploadEntry(done, late, { uploadId: 'u1', position: 99, occurredAt: '2026-03-01T11:00:00.000Z' })).toBe(done);
  });
});
