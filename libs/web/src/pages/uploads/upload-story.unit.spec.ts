import { ArchiveCommandRefused } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { mergeStories } from './event-words.js';
import { accepted, at, failed, installed, migrated, received, rejected, removed, requested, rotated, succeeded } from './story.fixture.js';
import { laterEventsOf, uploadFacts, uploadStateOf } from './upload-story.js';

const stream = [at(10, received()), at(11, accepted()), at(12, requested()), at(15, succeeded())];
const refusal = (version: string) =>
  ArchiveCommandRefused.create(
    { command: 'migrate', distribution: 'bookworm-test-testing', source: 'hello', version, reason: 'not-migratable', message: 'no' },
    { actor: { kind: 'user', name: 'admin' }, correlationId: 'c', occurredAt: '2026-11-30T12:00:00.000Z' },
  );

describe('an upload story', () => {
  it('keeps the install of this upload and what later happened to its version in its repository', () => {
    const sourceEvents = [
      at(16, installed()),
      at(17, installed('u9', '2.0-1~test12+1')), // another upload of the source
      at(20, migrated()),
      at(21, migrated('2.0-1~test12+1')), // another version
      at(22, migrated('1.0-1~test12+1', 'bookworm-other-unstable', 'bookworm-other-testing')), // the same version in another repository
      at(23, rotated()),
      at(24, removed()),
      at(25, refusal('1.0-1~test12+1')),
      at(26, requested('b9', 'u9', '2.0-1~test12+1')), // a build of another upload
    ];
    const later = laterEventsOf('u1', uploadFacts(stream), sourceEvents);
    expect(later.map((event) => event.position)).toEqual([16, 20, 23, 24, 25]);
  });

  it('merges its reads in global order, each event once', () => {
    expect(mergeStories([at(3, installed()), at(1, received())], [at(2, accepted()), at(3, installed())]).map((event) => event.position)).toEqual([1, 2, 3]);
  });

  it('says where the upload stands', () => {
    expect(uploadStateOf('u1', [at(1, received())])).toBe('received');
    expect(uploadStateOf('u1', [at(1, received()), at(2, accepted())])).toBe('accepted');
    expect(uploadStateOf('u1', [at(1, received()), at(2, rejected('u1'))])).toBe('rejected');
    expect(uploadStateOf('u1', stream.slice(0, 3))).toBe('building');
    expect(uploadStateOf('u1', stream)).toBe('built');
    expect(uploadStateOf('u1', [...stream.slice(0, 3), at(13, failed('b1'))])).toBe('building');
    expect(uploadStateOf('u1', [...stream, at(16, installed())])).toBe('installed');
    expect(uploadStateOf('u1', [...stream, at(16, installed('u9'))])).toBe('built');
  });
});
