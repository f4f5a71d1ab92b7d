import { describe, expect, it } from 'vitest';
import { eventLinks, summarizeEvent } from './event-summary.js';

const say = (type: string, data: unknown, streamId = 'upload-u1') => summarizeEvent({ type, data, streamId });

describe('an event in words', () => {
  it('tells upload events', () => {
    expect(
      say('UploadAccepted', {
        uploadId: 'u1',
        source: 'hello',
        version: '1.0-1',
        distribution: 'bookworm-test-unstable',
        codename: 'bookworm',
        repository: 'test',
        suite: 'unstable',
        buildArchitectures: ['amd64', 'i386'],
        archAllOn: 'amd64',
      }),
    ).toBe('hello 1.0-1 → bookworm-test-unstable; builds on amd64, i386');
    const accepted = { uploadId: 'u1', source: 'hello', version: '1.0-1', distribution: 'bookworm-test-unstable', codename: 'bookworm', repository: 'test', suite: 'unstable', buildArchitectures: ['amd64'], archAllOn: 'amd64' };
    expect(say('UploadAccepted', { ...accepted, signedBy: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' })).toBe(
      'hello 1.0-1 → bookworm-test-unstable, signed by ABCDEF0123456789ABCDEF0123456789ABCDEF01; builds on amd64',
    );
    expect(say('UploadAccepted', { ...accepted, signedBy: null })).toBe('hello 1.0-1 → bookworm-test-unstable, unsigned; builds on amd64');
    expect(say('UploadRejected', { uploadId: 'u1', source: 'hello', version: '1.0-1', distribution: 'unstable', reasons: ['not signed', 'version too old'] })).toBe(
      'hello 1.0-1 for unstable rejected: not signed; version too old',
    );
    expect(say('UploadRejected', { uploadId: 'u1', reasons: ['no .changes'] })).toBe('upload rejected: no .changes');
  });

  it('tells builds and archive changes', () => {
    expect(say('BuildSucceeded', { buildId: 'b1', architecture: 'amd64', files: [{ name: 'a.deb', sha256: 'a'.repeat(64), size: 1 }], log: { name: 'l', sha256: 'b'.repeat(64), size: 1 }, seconds: 75 })).toBe(
      'amd64 build succeeded in 1 min 15 s',
    );
    expect(say('BuildFailed', { buildId: 'b1', architecture: 'amd64', reason: 'dpkg-buildpackage failed', status: 'failed' })).toBe('amd64 build failed (failed): dpkg-buildpackage failed');
    expect(
      say('PackageMigrated', { from: 'bookworm-test-unstable', to: 'bookworm-test-testing', source: 'hello', version: '1.0-1', files: [{ name: 'a.dsc', sha256: 'a'.repeat(64), size: 1 }], binaries: [], replaced: '0.9-1' }, 'dist-bookworm-test-testing'),
    ).toBe('hello 1.0-1 migrated bookworm-test-unstable → bookworm-test-testing (replacing 0.9-1)');
    expect(say('ArchiveCommandRefused', { command: 'migrate', distribution: 'bookworm-test-unstable', source: 'hello', reason: 'not-migratable', message: 'unstable migrates nowhere' }, 'dist-bookworm-test-unstable')).toBe(
      'migrate of hello in bookworm-test-unstable refused: unstable migrates nowhere',
    );
    expect(say('EventParked', { follower: 'archive', position: 12, eventId: 'e', eventType: 'PackageInstalled', reason: 'reprepro: exit 255', attempts: 5 }, 'follower-archive')).toBe(
      'archive parked the PackageInstalled at 12 after 5 attempt(s): reprepro: exit 255',
    );
  });

  it('falls back to the data for a type or shape it does not know, on one line of at most 300 characters', () => {
    expect(say('SomethingNew', { a: 1 })).toBe('{"a":1}');
    expect(say('UploadAccepted', { source: 42 })).toBe('{"source":42}');
    expect(say('SomethingNew', { long: 'x'.repeat(1000) })).toHaveLength(300);
    expect(say('UploadRejected', { uploadId: 'u1', reasons: ['line one\nline two'] })).toBe('upload rejected: line one line two');
  });

  it('links the package, the upload, the build and a parked event where the data names them', () => {
    expect(eventLinks({ type: 'BuildRequested', streamId: 'upload-u1', data: { uploadId: 'u1', buildId: 'b/1', source: 'hello' } }).map((link) => link.href)).toEqual([
      '/packages/hello',
      '/uploads/u1',
      '/builds/b%2F1',
    ]);
    // an upload's later events name neither source nor upload: the stream and the audit log's filing do
    expect(eventLinks({ type: 'BuildStarted', streamId: 'upload-u9', data: { buildId: 'b9' }, source: 'hello' }).map((link) => link.href)).toEqual([
      '/packages/hello',
      '/uploads/u9',
      '/builds/b9',
    ]);
    expect(eventLinks({ type: 'EventParked', streamId: 'follower-archive', data: { position: 12 } }).map((link) => link.href)).toEqual(['/audit/12']);
    expect(eventLinks({ type: 'UploadReceived', streamId: 'x', data: { source: '"><script>' } })).toEqual([]);
  });
});
