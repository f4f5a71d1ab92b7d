import { describe, expect, it } from 'vitest';
import { snapshotRelease } from './snapshot-release.js';

const release = ['Origin: mbd', 'Codename: bookworm-test-stable', 'Suite: bookworm-test-stable', 'Date: Mon, 30 Nov 2026 22:39:12 UTC', 'SHA256:', ' e3b0 0 main/binary-amd64/Packages', ''].join('\n');

describe('snapshotRelease', () => {
  it('gives the Release the Suite reprepro gensnapshot gives a snapshot, keeping everything else', () => {
    const snapshot = snapshotRelease(release, 'bookworm-test-stable', 'release-1');
    expect(snapshot).toContain('Suite: bookworm-test-stable/snapshots/release-1\n');
    expect(snapshot).toContain('Codename: bookworm-test-stable\n');
    expect(snapshot.replace('Suite: bookworm-test-stable/snapshots/release-1', 'Suite: bookworm-test-stable')).toBe(release);
  });

  it('adds a Suite before Codename when the Release has none', () => {
    expect(snapshotRelease('Codename: x-test-stable\nDate: now\n', 'x-test-stable', 's')).toBe('Suite: x-test-stable/snapshots/s\nCodename: x-test-stable\nDate: now\n');
  });
});
