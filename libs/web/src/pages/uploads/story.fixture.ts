import {
  BuildFailed,
  BuildRequested,
  BuildStarted,
  BuildSucceeded,
  PackageInstalled,
  PackageMigrated,
  PackageRemoved,
  PackageRestored,
  PackageRotatedToRollback,
  SourceLinted,
  UploadAccepted,
  UploadReceived,
  UploadRejected,
  type Actor,
  type Event,
} from '@mbd/events';
import { actorName, type UploadItem } from '@mbd/projections';
import type { StoryEvent } from './event-words.js';

/** Markup an uploader might put in any field of a .changes: every page must show it as text. */
export const HOSTILE = '<script>alert(1)</script>';
export const HOSTILE_ATTRIBUTE = '"><img src=x onerror=alert(1)>';

const sha = (digit: string) => digit.repeat(64);
const file = (name: string, size: number, digit = 'a') => ({ name, sha256: sha(digit), size });

/** Story events for specs: `at(position, event)` with a time derived from the position. */
export const at = (position: number, event: Event, actor: Actor = { kind: 'daemon' }): StoryEvent => ({
  position,
  type: event.type,
  actor: actorName(actor),
  occurredAt: new Date(Date.UTC(2026, 10, 30, 12, 0, position)).toISOString(),
  data: event.data,
});

const metadata = { actor: { kind: 'daemon' as const }, correlationId: 'u1', occurredAt: '2026-11-30T12:00:00.000Z' };
const key = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';

export const received = (uploadId = 'u1', version = '1.0-1~test12+1') =>
  UploadReceived.create(
    {
      uploadId,
      changes: file(`hello_${version}_source.changes`, 1200),
      files: [file(`hello_${version}.dsc`, 900, 'b'), file(`hello_${version}.tar.xz`, 3 * 1024 * 1024, 'c'), file(`${HOSTILE_ATTRIBUTE}.txt`, 10, 'd')],
      source: 'hello',
      version,
      distribution: 'unstable',
      architectures: ['source'],
      changedBy: `Mallory ${HOSTILE} <mallory@example.org>`,
      signedBy: key,
      via: 'ftp',
    },
    metadata,
  );

export const accepted = (uploadId = 'u1', version = '1.0-1~test12+1') =>
  UploadAccepted.create(
    {
      uploadId,
      source: 'hello',
      version,
      distribution: 'bookworm-test-unstable',
      codename: 'bookworm',
      repository: 'test',
      suite: 'unstable',
      buildArchitectures: ['amd64'],
      archAllOn: 'amd64',
      lintSource: true,
      signedBy: key,
    },
    metadata,
  );

export const rejected = (uploadId = 'u2', reasons = [`Key ${key} may not upload to repository test`, `${HOSTILE_ATTRIBUTE} is odd`]) =>
  UploadRejected.create({ uploadId, source: 'hello', version: '0.9-1', distribution: 'unstable', reasons }, metadata);

export const requested = (buildId = 'b1', uploadId = 'u1', version = '1.0-1~test12+1') =>
  BuildRequested.create(
    { uploadId, buildId, source: 'hello', version, distribution: 'bookworm-test-unstable', architecture: 'amd64', archAll: true, optional: false, attempt: 1 },
    metadata,
  );

export const started = (buildId = 'b1') => BuildStarted.create({ buildId, architecture: 'amd64', builder: 'local', chroot: 'mbd-bookworm-amd64' }, metadata);

export const succeeded = (buildId = 'b1') =>
  BuildSucceeded.create(
    {
      buildId,
      architecture: 'amd64',
      files: [file('hello_1.0-1~test12+1_amd64.deb', 20_000, 'e')],
      log: file('hello_amd64.build', 50_000, 'f'),
      lintian: { errors: 1, warnings: 2, tags: [`E: hello: ${HOSTILE}`, 'W: hello: description-synopsis-starts-with-article'] },
      seconds: 95,
    },
    metadata,
  );

export const failed = (buildId = 'b2') =>
  BuildFailed.create({ buildId, architecture: 'amd64', reason: `dpkg-source: error: ${HOSTILE}`, status: 'failed', log: file('hello_amd64.build', 5_000, 'f') }, metadata);

export const linted = (version = '1.0-1~test12+1') =>
  SourceLinted.create({ uploadId: 'u1', source: 'hello', version, lintian: { errors: 0, warnings: 1, tags: ['W: hello source: newer-standards-version'] } }, metadata);

const binaries = [{ package: 'hello', version: '1.0-1~test12+1', architecture: 'amd64' }];

export const installed = (uploadId: string | undefined = 'u1', version = '1.0-1~test12+1', distribution = 'bookworm-test-unstable') =>
  PackageInstalled.create(
    { distribution, source: 'hello', version, ...(uploadId ? { uploadId } : {}), files: [file('hello.dsc', 900, 'b')], binaries },
    metadata,
  );

export const migrated = (version = '1.0-1~test12+1', from = 'bookworm-test-unstable', to = 'bookworm-test-testing') =>
  PackageMigrated.create({ from, to, source: 'hello', version, files: [file('hello.dsc', 900, 'b')], binaries }, metadata);

export const rotated = (version = '1.0-1~test12+1', distribution = 'bookworm-test-testing') =>
  PackageRotatedToRollback.create({ distribution, source: 'hello', version, rollbacks: [version], dropped: [] }, metadata);

export const removed = (version = '1.0-1~test12+1', distribution = 'bookworm-test-testing', reason = `broken ${HOSTILE}`) =>
  PackageRemoved.create({ distribution, source: 'hello', version, reason }, metadata);

export const restored = (version = '1.0-1~test12+1', distribution = 'bookworm-test-testing') =>
  PackageRestored.create({ distribution, source: 'hello', version, rollback: 0, files: [file('hello.dsc', 900, 'b')], binaries }, metadata);

/** The text a reader sees (tags dropped, entities left as they are). */
export const textOf = (html: string): string => html.replace(/<[^>]+>/g, '');

/** The part of `html` from the element `<tag id="id"` to its first closing tag (no nesting of the same tag inside). */
export const elementById = (html: string, tag: string, id: string): string => {
  const start = html.indexOf(`<${tag} id="${id}"`);
  if (start < 0) throw new Error(`no <${tag} id="${id}"> in the page`);
  return html.slice(start, html.indexOf(`</${tag}>`, start) + tag.length + 3);
};

/** An item of the uploads read model (as listUploads returns it), with sensible defaults. */
export const uploadItem = (overrides: Partial<UploadItem> & Pick<UploadItem, 'uploadId'>): UploadItem => ({
  source: 'hello',
  version: '1.0-1~test12+1',
  distribution: 'bookworm-test-unstable',
  changesDistribution: 'unstable',
  repository: 'test',
  uploader: 'key:ABCDEF0123456789ABCDEF0123456789ABCDEF01',
  changedBy: 'Alice <alice@example.org>',
  state: 'installed',
  reason: null,
  builds: [],
  receivedPosition: 10,
  receivedAt: '2026-11-30T12:00:10.000Z',
  updatedAt: '2026-11-30T12:00:16.000Z',
  position: 16,
  ...overrides,
});
