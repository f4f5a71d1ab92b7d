import { describe, expect, it } from 'vitest';
import { sandboxRepository } from '../packages/package-tracker.fixture.js';
import { bootstrapCommand, repositoryChoices, snapshotViews } from './repository-choices.js';
import { sampleRepository } from './sample-repository.fixture.js';

const config = { bind: '127.0.0.1', httpPort: 8066, ftpPort: 8067, publicHost: 'mbd.example.org' };

describe('the repository page choices', () => {
  it('lists the snapshots of the stable-type distributions only, oldest first, with their dists path and sources.list lines', () => {
    const views = snapshotViews(config, sampleRepository, [
      { distribution: 'bookworm-test-stable', name: 'later', position: 30, createdAt: '2026-11-30T12:00:30.000Z' },
      { distribution: 'bookworm-test-stable', name: 'first', position: 10, createdAt: '2026-11-30T12:00:10.000Z' },
      { distribution: 'bookworm-test-unstable', name: 'stray', position: 11, createdAt: '2026-11-30T12:00:11.000Z' },
    ]);
    expect(views.map((view) => view.distribution)).toEqual(['bookworm-test-stable']);
    const [first, later] = views[0]!.snapshots;
    expect([first!.name, later!.name]).toEqual(['first', 'later']);
    expect(first!.path).toBe('/repositories/test/dists/bookworm-test-stable/snapshots/first/');
    expect(first!.sourcesList).toContain('http://mbd.example.org:8066/repositories/test/ bookworm-test-stable/snapshots/first main contrib');
    expect(first!.sourcesList).not.toContain('unstable');
  });

  it("offers the uploadable distributions, ticking keyring_packages' and test_packages' defaults", () => {
    expect(repositoryChoices(sampleRepository)).toEqual({
      uploadable: ['bookworm-test-experimental', 'bookworm-test-unstable'],
      keyring: ['bookworm-test-unstable'],
      test: ['bookworm-test-experimental'],
    });
    expect(repositoryChoices(sandboxRepository).uploadable).toContain('bookworm-test-hotfix');
  });

  it('gives the one bootstrap command of a new client', () => {
    expect(bootstrapCommand(config, 'test')).toBe('curl -fsS http://mbd.example.org:8066/repositories/test/bootstrap-apt.sh | sudo sh -s [codename] [suite]\n');
  });
});
