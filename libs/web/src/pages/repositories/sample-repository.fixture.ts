import { defaultLayout } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import type { DistributionSource } from '@mbd/projections';

/** Repository `test` for the pages' specs: bookworm/amd64, the Default layout's unstable → testing → stable with a few rollbacks. */
export const sampleRepository: RepositoryConfig = {
  repository: 'test',
  layout: {
    ...defaultLayout,
    suites: defaultLayout.suites
      .filter((suite) => ['experimental', 'unstable', 'testing', 'stable'].includes(suite.name))
      .map((suite) => ({ ...suite, rollback: ({ experimental: 0, unstable: 2, testing: 1, stable: 0 } as Record<string, number>)[suite.name] ?? 0 })),
  },
  codenames: [
    {
      codename: 'bookworm',
      codeversion: '12',
      architectures: [
        { architecture: 'amd64', optional: false },
        { architecture: 'arm64', optional: true },
      ],
      archAllOn: 'amd64',
      components: ['main', 'contrib'],
    },
  ],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};

/** A row of the repository-state read model. */
export const sampleSource = (distribution: string, source: string, version: string, position = 7): DistributionSource => ({
  distribution,
  source,
  version,
  uploadId: `upload-${source}`,
  position,
  since: '2026-11-30T12:00:00.000Z',
  binaries: [{ package: source, architecture: 'amd64', version }],
});
