import { BuildFailed, BuildRequested, BuildStarted, type EventMetadata } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { evolveBuild } from './evolve-build.js';

const meta: EventMetadata = { actor: { kind: 'daemon' }, correlationId: 'u1', occurredAt: '2026-03-01T10:00:00.000Z' };
const context = (position: number, minute: number) => ({ position, occurredAt: `2026-03-01T10:0${minute}:00.000Z`, uploader: 'key:X' });
const requested = BuildRequested.create(
  { uploadId: 'u1', buildId: 'b1', source: 'hello', version: '1-1', distribution: 'bookworm-test-unstable', architecture: 'amd64', archAll: true, optional: false, attempt: 1 },
  meta,
);
const started = BuildStarted.create({ buildId: 'b1', architecture: 'amd64', builder: 'local', chroot: 'mbd-bookworm-amd64' }, meta);
const failed = (status: string) => BuildFailed.create({ buildId: 'b1', architecture: 'amd64', reason: 'it broke', status }, meta);

describe('evolveBuild', () => {
  it('takes a requested build through building to failed, keeping request and start', () => {
    const waiting = evolveBuild(null, requested, context(3, 0));
    expect(waiting).toMatchObject({ state: 'needs-build', requestedPosition: 3, requestedAt: '2026-03-01T10:00:00.000Z', uploader: 'key:X' });
    const building = evolveBuild(waiting, started, context(4, 1));
    expect(building).toMatchObject({ state: 'building', builder: 'local', startedAt: '2026-03-01T10:01:00.000Z', finishedAt: null });
    expect(evolveBuild(building, failed('failed'), context(5, 2))).toMatchObject({
      state: 'failed',
      reason: 'it broke',
      requestedPosition: 3,
      startedAt: '2026-03-01T10:01:00.000Z',
      finishedAt: '2026-03-01T10:02:00.000Z',
    });
  });

  it("puts a build sbuild gave back (uninstallable build dependencies) in dep-wait", () => {
    expect(evolveBuild(evolveBuild(null, requested, context(1, 0)), failed('given-back'), context(2, 1))?.state).toBe('dep-wait');
  });

  it('ignores events for an unknown build and after a build finished', () => {
    expect(evolveBuild(null, started, context(1, 0))).toBeNull();
    const done = evolveBuild(evolveBuild(null, requested, context(1, 0)), failed('failed'), context(2, 1));
    expect(evolveBuild(done, started, context(3, 2))).toBe(done);
  });
});
