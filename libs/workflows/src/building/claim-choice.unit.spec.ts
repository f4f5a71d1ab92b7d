import type { BuildQueueItem } from '@mbd/projections';
import { describe, expect, it } from 'vitest';
import { buildCodenameOf, claimCandidates, waitingReason } from './claim-choice.js';

const item = (buildId: string, state: BuildQueueItem['state'], architecture: string, distribution: string): BuildQueueItem =>
  ({ buildId, state, architecture, distribution, builder: null, uploadId: buildId, source: 'hello', version: '1.0-1' }) as BuildQueueItem;

describe('claimCandidates', () => {
  // As listBuildQueue gives it: running first, then waiting ones in fair order.
  const queue = [
    item('running', 'building', 'amd64', 'bookworm-test-unstable'),
    item('arm64-bookworm', 'needs-build', 'arm64', 'bookworm-test-unstable'),
    item('amd64-trixie', 'needs-build', 'amd64', 'trixie-test-unstable'),
    item('amd64-bookworm', 'needs-build', 'amd64', 'bookworm-test-experimental'),
    item('dep-wait', 'dep-wait', 'amd64', 'bookworm-test-unstable'),
  ];

  it('are the waiting builds the builder has a chroot for, in the queue order', () => {
    expect(claimCandidates(queue, { architectures: ['amd64'], codenames: ['bookworm', 'trixie'] }).map((build) => build.buildId)).toEqual(['amd64-trixie', 'amd64-bookworm']);
    expect(claimCandidates(queue, { architectures: ['amd64', 'arm64'], codenames: ['bookworm'] }).map((build) => build.buildId)).toEqual(['arm64-bookworm', 'amd64-bookworm']);
  });

  it('are none for a builder whose chroots no waiting build needs', () => {
    expect(claimCandidates(queue, { architectures: ['i386'], codenames: ['bookworm'] })).toEqual([]);
  });
});

describe('waitingReason', () => {
  it('names the architecture and codename no builder offers', () => {
    const waiting = item('w', 'needs-build', 'arm64', 'trixie-test-unstable');
    expect(waitingReason(waiting, [{ architectures: ['amd64'], codenames: ['trixie'] }])).toBe('no builder offers arm64 for trixie');
    expect(waitingReason(waiting, [])).toBe('no builder offers arm64 for trixie');
  });

  it('is none when a builder offers it, or the build does not wait', () => {
    expect(waitingReason(item('w', 'needs-build', 'arm64', 'trixie-test-unstable'), [{ architectures: ['arm64'], codenames: ['trixie'] }])).toBeUndefined();
    expect(waitingReason(item('r', 'building', 'arm64', 'trixie-test-unstable'), [])).toBeUndefined();
  });
});

describe('buildCodenameOf', () => {
  it('is the codename of a distribution name', () => {
    expect(buildCodenameOf('bookworm-test-unstable')).toBe('bookworm');
  });
});
