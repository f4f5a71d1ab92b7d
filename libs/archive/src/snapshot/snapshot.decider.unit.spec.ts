import { SnapshotCreated, SnapshotDeleted, SnapshotRefused, type SnapshotEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../decider.js';
import { deciderSpecification } from '../testing/decider-specification.js';
import { commandMetadata, metadata, settings } from '../testing/fixtures.js';
import type { SnapshotCommand } from './snapshot.commands.js';
import { snapshotDecider } from './snapshot.decider.js';

const given = deciderSpecification<SnapshotCommand, ReturnType<typeof snapshotDecider.initialState>, SnapshotEvent>(snapshotDecider);
const stable = settings('stable');
const create = (name: string, position = 7, distribution = stable, at?: string): SnapshotCommand => ({
  type: 'CreateSnapshot',
  data: { distribution, name, position, ...(at === undefined ? {} : { at }) },
  metadata: commandMetadata,
});
const remove = (name: string): SnapshotCommand => ({ type: 'DeleteSnapshot', data: { distribution: stable, name }, metadata: commandMetadata });
const created = (name: string, position = 7) =>
  SnapshotCreated.create({ repository: 'test', distribution: 'bookworm-test-stable', name, position }, metadata);
const refusedReason = (events: SnapshotEvent[]) => (events[0]?.type === 'SnapshotRefused' ? events[0].data : undefined);

describe('snapshot decider', () => {
  it('names a log position of a stable-type distribution, with the position or time asked for', () => {
    given([]).when(create('release-1', 7, stable, '2026-11-01T00:00:00Z')).then([
      SnapshotCreated.create({ repository: 'test', distribution: 'bookworm-test-stable', name: 'release-1', position: 7, at: '2026-11-01T00:00:00Z' }, metadata),
    ]);
  });

  it('refuses experimental suites and suites that migrate, with the reason', () => {
    const experimental = refusedReason(given([]).when(create('s1', 7, settings('experimental'))).events());
    expect(experimental).toMatchObject({ command: 'create', reason: 'not-stable-type', distribution: 'bookworm-test-experimental' });
    expect(experimental?.message).toContain('bookworm-test-experimental is experimental');
    const unstable = refusedReason(given([]).when(create('s1', 7, settings('unstable'))).events());
    expect(unstable).toMatchObject({ reason: 'not-stable-type' });
    expect(unstable?.message).toContain('migrates to bookworm-test-testing');
  });

  it('refuses names that are not one safe path segment', () => {
    for (const name of ['', '..', '.hidden', 'a/b', 'a b', 'x'.repeat(65), 'é']) {
      expect(refusedReason(given([]).when(create(name)).events())).toMatchObject({ reason: 'name-invalid' });
    }
    given([]).when(create('WEEKLY_2026-11-30T12:00')).then([created('WEEKLY_2026-11-30T12:00')]);
  });

  it('refuses a name already taken, naming the position it denotes', () => {
    const refusal = refusedReason(given([created('s1', 3)]).when(create('s1', 9)).events());
    expect(refusal).toMatchObject({ reason: 'name-exists' });
    expect(refusal?.message).toContain('of position 3');
  });

  it('deletes a snapshot, and the name can be taken again', () => {
    given([created('s1', 3)]).when(remove('s1')).then([
      SnapshotDeleted.create({ repository: 'test', distribution: 'bookworm-test-stable', name: 's1', position: 3 }, metadata),
    ]);
    const state = foldEvents(snapshotDecider, [created('s1', 3), SnapshotDeleted.create({ repository: 'test', distribution: 'bookworm-test-stable', name: 's1', position: 3 }, metadata)]);
    expect([...state.snapshots.keys()]).toEqual([]);
    given([created('s1', 3), SnapshotDeleted.create({ repository: 'test', distribution: 'bookworm-test-stable', name: 's1', position: 3 }, metadata)])
      .when(create('s1', 9))
      .then([created('s1', 9)]);
  });

  it('refuses to delete a snapshot that does not exist', () => {
    given([]).when(remove('nope')).then([
      SnapshotRefused.create(
        { command: 'delete', distribution: 'bookworm-test-stable', name: 'nope', reason: 'snapshot-absent', message: 'bookworm-test-stable has no snapshot "nope"' },
        metadata,
      ),
    ]);
  });
});
