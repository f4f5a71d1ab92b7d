import { describe, expect, it } from 'vitest';
import { InvalidStreamIdError } from './errors.js';
import { configurationStream, distributionStream, parseStreamId, snapshotsStream, uploadStream } from './streams.js';

describe('stream ids', () => {
  it('names an upload stream upload-<id> and parses it back', () => {
    expect(uploadStream('20261125-0612-hello')).toBe('upload-20261125-0612-hello');
    expect(parseStreamId('upload-20261125-0612-hello')).toEqual({ kind: 'upload', uploadId: '20261125-0612-hello' });
  });

  it('names a distribution stream dist-<codename>-<repository>-<suite> and parses it back', () => {
    const id = distributionStream('bookworm', 'test', 'unstable');
    expect(id).toBe('dist-bookworm-test-unstable');
    expect(parseStreamId(id)).toEqual({ kind: 'distribution', codename: 'bookworm', repository: 'test', suite: 'unstable' });
  });

  it('names the snapshots stream of a distribution snapshots-<codename>-<repository>-<suite> and parses it back', () => {
    const id = snapshotsStream('bookworm', 'test', 'stable');
    expect(id).toBe('snapshots-bookworm-test-stable');
    expect(parseStreamId(id)).toEqual({ kind: 'snapshots', codename: 'bookworm', repository: 'test', suite: 'stable' });
    expect(() => snapshotsStream('bookworm', 'test', 'stable-rollback0')).toThrow(InvalidStreamIdError);
    expect(() => parseStreamId('snapshots-bookworm-test')).toThrow(InvalidStreamIdError);
  });

  it('names configuration streams config-<kind>-<id> and parses them back', () => {
    expect(configurationStream('repository', 'test')).toBe('config-repository-test');
    expect(parseStreamId(configurationStream('chroot', 'bookworm-amd64'))).toEqual({
      kind: 'configuration',
      aggregate: 'chroot',
      id: 'bookworm-amd64',
    });
    expect(parseStreamId(configurationStream('uploader', 'ABCDEF0123'))).toMatchObject({ aggregate: 'uploader', id: 'ABCDEF0123' });
  });

  it.each([
    ['a suite with a dash', () => distributionStream('bookworm', 'test', 'unstable-rollback0')],
    ['an upper-case codename', () => distributionStream('Bookworm', 'test', 'unstable')],
    ['an empty upload id', () => uploadStream('')],
    ['an upload id with a slash', () => uploadStream('../etc')],
    ['an empty configuration id', () => configurationStream('daemon', '')],
  ])('refuses %s', (_what, build) => {
    expect(build).toThrow(InvalidStreamIdError);
  });

  it.each(['dist-bookworm-test', 'config-layout-default', 'events-1', 'dist-bookworm-test-unstable-rollback0', 'upload-'])(
    'refuses to parse %s with a reason',
    (id) => {
      expect(() => parseStreamId(id)).toThrow(InvalidStreamIdError);
    },
  );
});
