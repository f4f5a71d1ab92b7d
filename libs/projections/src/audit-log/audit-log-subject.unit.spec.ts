import {
  BuildStarted,
  PackageMigrated,
  PackagePorted,
  UploadAccepted,
  UploadReceived,
  UploadRejected,
  UploaderAdded,
  type EventMetadata,
} from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { auditLogSubject, inheritSubject, noSubject } from './audit-log-subject.js';

const meta: EventMetadata = { actor: { kind: 'daemon' }, correlationId: 'u1', occurredAt: '2026-03-01T10:00:00.000Z' };
const file = (name: string) => ({ name, sha256: 'a'.repeat(64), size: 1 });
const received = (distribution: string) =>
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
      signedBy: null,
      via: 'ftp',
    },
    meta,
  );

describe('auditLogSubject', () => {
  it("files an upload received for a meta distribution under its source only, and one for a full distribution under it and its repository", () => {
    expect(auditLogSubject(received('unstable'))).toEqual({ source: 'hello', distribution: null, repository: null });
    expect(auditLogSubject(received('bookworm-test-unstable'))).toEqual({ source: 'hello', distribution: 'bookworm-test-unstable', repository: 'test' });
  });

  it('takes the resolved distribution and repository of an accepted upload', () => {
    const accepted = UploadAccepted.create(
      {
        uploadId: 'u1',
        source: 'hello',
        version: '1-1',
        distribution: 'bookworm-test-unstable',
        codename: 'bookworm',
        repository: 'test',
        suite: 'unstable',
        buildArchitectures: ['amd64'],
        archAllOn: 'amd64',
      },
      meta,
    );
    expect(auditLogSubject(accepted)).toEqual({ source: 'hello', distribution: 'bookworm-test-unstable', repository: 'test' });
  });

  it('files a migration and a port under the distribution they entered', () => {
    const migrated = PackageMigrated.create(
      { from: 'bookworm-test-unstable', to: 'bookworm-test-testing', source: 'hello', version: '1-1', files: [file('hello_1-1.dsc')], binaries: [] },
      meta,
    );
    expect(auditLogSubject(migrated)).toEqual({ source: 'hello', distribution: 'bookworm-test-testing', repository: 'test' });
    const ported = PackagePorted.create(
      { from: 'https://deb.example.org/hello_1-1.dsc', to: 'trixie-main-unstable', kind: 'external', source: 'hello', fromVersion: '1-1', version: '1-1~main13+1' },
      meta,
    );
    expect(auditLogSubject(ported)).toEqual({ source: 'hello', distribution: 'trixie-main-unstable', repository: 'main' });
  });

  it('takes the repository of a configuration event that names one', () => {
    const added = UploaderAdded.create({ repository: 'test', fingerprint: 'A'.repeat(40), name: 'Alice <alice@example.org>', key: file('alice.asc') }, { ...meta, actor: { kind: 'user', name: 'admin' } });
    expect(auditLogSubject(added)).toEqual({ source: null, distribution: null, repository: 'test' });
  });

  it('finds nothing in events that do not name a subject, in unknown types, or in malformed data', () => {
    expect(auditLogSubject(BuildStarted.create({ buildId: 'b1', architecture: 'amd64', builder: 'local', chroot: 'mbd-bookworm-amd64' }, meta))).toEqual(noSubject);
    expect(auditLogSubject({ type: 'SourceAdded', data: { source: 'hello', codename: 'bookworm' } })).toEqual(noSubject);
    expect(auditLogSubject({ type: 'SampleRecorded', data: { source: 'hello' } })).toEqual(noSubject);
    expect(auditLogSubject({ type: 'PackageInstalled', data: null })).toEqual(noSubject);
    expect(auditLogSubject({ type: 'PackageInstalled', data: { source: 'Not A Name', distribution: 42 } })).toEqual(noSubject);
    expect(auditLogSubject({ type: 'PackageInstalled', data: { source: `x${'y'.repeat(100)}`, distribution: 'bookworm-test-unstable' } })).toEqual({
      source: null,
      distribution: 'bookworm-test-unstable',
      repository: 'test',
    });
  });

  it('keeps what a rejection lacks from the upload it rejects', () => {
    const rejected = auditLogSubject(UploadRejected.create({ uploadId: 'u1', reasons: ['unsigned'] }, meta));
    expect(rejected).toEqual(noSubject);
    expect(inheritSubject(rejected, auditLogSubject(received('bookworm-test-unstable')))).toEqual({
      source: 'hello',
      distribution: 'bookworm-test-unstable',
      repository: 'test',
    });
    expect(inheritSubject({ source: 'hello', distribution: 'bookworm-test-unstable', repository: 'test' }, { source: 'other', distribution: null, repository: null })).toEqual({
      source: 'hello',
      distribution: 'bookworm-test-unstable',
      repository: 'test',
    });
  });
});
