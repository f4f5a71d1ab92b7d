import { sandboxConfiguration } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import type { DistributionSource } from '@mbd/projections';

/** Repository `test` of the sandbox: bookworm, Default layout (unstable → testing → stable, hotfix → stable, rollbacks). */
export const sandboxRepository = sandboxConfiguration('0123456789ABCDEF0123456789ABCDEF01234567', '2026-11-30T12:00:00.000Z').find(
  (entry) => entry.event.type === 'RepositoryCreated',
)!.event.data as RepositoryConfig;

export const placement = (distribution: string, version: string, position: number, uploadId: string | null = null): DistributionSource => ({
  distribution,
  source: 'hello',
  version,
  uploadId,
  position,
  since: new Date(Date.UTC(2026, 10, 30, 12, 0, position)).toISOString(),
  binaries: [{ package: 'hello', architecture: 'amd64', version }],
});
