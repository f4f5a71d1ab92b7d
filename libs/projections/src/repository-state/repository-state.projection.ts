import { formatDistributionName, parseDistributionName } from '@mbd/archive';
import { validateEvent, type Binary, type RecordedEvent } from '@mbd/events';
import type { EntityManager } from 'typeorm';
import { chunked } from '../chunks.js';
import type { Projection } from '../runner/projection.js';
import { RepositoryPackage } from './repository-package.entity.js';

/** `<distribution>-rollback<N>` (the events' schema guarantees a well-formed distribution name). */
const rollbackDistribution = (distribution: string, rollback: number): string =>
  formatDistributionName({ ...parseDistributionName(distribution)!, rollback });

interface Placement {
  readonly event: RecordedEvent;
  readonly distribution: string;
  readonly source: string;
}

const packagesOf = (manager: EntityManager, distribution: string, source: string) =>
  manager.findBy(RepositoryPackage, { distribution, source });

const insert = async (manager: EntityManager, rows: readonly RepositoryPackage[]) => {
  for (const chunk of chunked(rows, 8)) await manager.insert(RepositoryPackage, chunk);
};

const clear = (manager: EntityManager, distribution: string, source: string) =>
  manager.delete(RepositoryPackage, { distribution, source });

/** Replaces what `distribution` holds of `source` by the source row and its binaries. */
async function place(
  manager: EntityManager,
  { event, distribution, source }: Placement,
  version: string,
  binaries: readonly Binary[],
  uploadId: string | null,
): Promise<void> {
  await clear(manager, distribution, source);
  const stamp = { distribution, source, uploadId, position: event.position, since: new Date(event.metadata.occurredAt).toISOString() };
  await insert(manager, [
    { ...stamp, package: source, architecture: 'source', version },
    ...binaries.map((binary) => ({ ...stamp, package: binary.package, architecture: binary.architecture, version: binary.version })),
  ]);
}

/** Copies what `from` holds of `source` into `to` (replacing what was there), keeping versions and uploads. */
async function copy(manager: EntityManager, event: RecordedEvent, source: string, from: string, to: string): Promise<void> {
  const rows = await packagesOf(manager, from, source);
  await clear(manager, to, source);
  if (rows.length === 0) return;
  const since = new Date(event.metadata.occurredAt).toISOString();
  await insert(manager, rows.map((row) => ({ ...row, distribution: to, position: event.position, since })));
}

const uploadOf = async (manager: EntityManager, distribution: string, source: string): Promise<string | null> =>
  (await manager.findOneBy(RepositoryPackage, { distribution, source, architecture: 'source' }))?.uploadId ?? null;

async function applyOne(manager: EntityManager, recorded: RecordedEvent): Promise<void> {
  const event = validateEvent(recorded);
  switch (event.type) {
    case 'PackageInstalled': {
      const { distribution, source, version, binaries, uploadId } = event.data;
      return place(manager, { event: recorded, distribution, source }, version, binaries, uploadId ?? null);
    }
    case 'PackageMigrated': {
      const { from, to, source, version, binaries } = event.data;
      const uploadId = await uploadOf(manager, from, source);
      return place(manager, { event: recorded, distribution: to, source }, version, binaries, uploadId);
    }
    case 'PackageRestored': {
      const { distribution, source, version, binaries, rollback } = event.data;
      const uploadId = await uploadOf(manager, rollbackDistribution(distribution, rollback), source);
      return place(manager, { event: recorded, distribution, source }, version, binaries, uploadId);
    }
    case 'PackageRemoved': {
      await clear(manager, event.data.distribution, event.data.source);
      return;
    }
    case 'PackageRotatedToRollback': {
      const { distribution, source, rollbacks } = event.data;
      for (let k = rollbacks.length - 1; k >= 1; k--)
        await copy(manager, recorded, source, rollbackDistribution(distribution, k - 1), rollbackDistribution(distribution, k));
      return copy(manager, recorded, source, distribution, rollbackDistribution(distribution, 0));
    }
    case 'PackageRemovedFromRollback': {
      // the higher rollbacks move down by one: afterwards rollback<k> holds rollbacks[k]
      const { distribution, source, rollback, rollbacks } = event.data;
      for (let k = rollback; k < rollbacks.length; k++)
        await copy(manager, recorded, source, rollbackDistribution(distribution, k + 1), rollbackDistribution(distribution, k));
      await clear(manager, rollbackDistribution(distribution, rollbacks.length), source);
      return;
    }
    default:
      return;
  }
}

/** Which source and binary versions sit in which distribution (rollbacks included), and from which upload. */
export const repositoryStateProjection: Projection = {
  name: 'repository-state',
  handles: [
    'PackageInstalled',
    'PackageMigrated',
    'PackageRestored',
    'PackageRemoved',
    'PackageRotatedToRollback',
    'PackageRemovedFromRollback',
  ],
  entities: [RepositoryPackage],
  async apply(manager, events) {
    for (const event of events) await applyOne(manager, event);
  },
};
