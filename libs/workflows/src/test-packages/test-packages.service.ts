import { Injectable, Logger } from '@nestjs/common';
import type { DistributionSettings, UploadState } from '@mbd/archive';
import { EventStore, PackageInstalled, distributionStream, type RecordedEvent, type RepositoryConfig } from '@mbd/events';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { suiteDistributions, uploadTargets, type UploadTarget } from '../keyring-package/upload-targets.js';
import { timestampVersion } from '../keyring-package/keyring-package-source.js';
import { uploadTree, type StartedUpload } from '../keyring-package/upload-tree.js';
import { addChangelogEntry } from '../own-uploads/add-changelog-entry.js';
import { OwnUploads } from '../own-uploads/own-uploads.js';
import { uploadState } from '../support/upload-state.js';

/** mini-buildd's test sources: an arch:all one, a small C++ one, and one that fails to build. */
export const testPackageSources = ['mbd-test-archall', 'mbd-test-cpp', 'mbd-test-ftbfs'] as const;
export type TestPackageSource = (typeof testPackageSources)[number];

/** What `--with-check` expects of each (mini-buildd: archall and cpp INSTALLED, ftbfs FAILED). */
export const expectedOutcome: Readonly<Record<TestPackageSource, 'installed' | 'failed'>> = {
  'mbd-test-archall': 'installed',
  'mbd-test-cpp': 'installed',
  'mbd-test-ftbfs': 'failed',
};

export type TestPackageOutcome = 'pending' | 'installed' | 'failed' | 'rejected';

export interface TestPackagesRequest {
  readonly sources?: readonly TestPackageSource[];
  /** Default: every experimental (uploadable) distribution, like mini-buildd. */
  readonly distributions?: readonly string[];
  /** `auto-ports=…` upload option written into the changelog (applied where the upload options are). */
  readonly autoPorts?: readonly string[];
}

/** An upload incoming has not recorded yet. */
export interface NotYetReceived {
  readonly uploadId: string;
  readonly outcome: 'pending';
}

export interface TestPackageResult extends StartedUpload {
  readonly outcome: TestPackageOutcome;
  readonly expected: 'installed' | 'failed';
}

const expectedOf = (source: string): 'installed' | 'failed' => expectedOutcome[source as TestPackageSource] ?? 'installed';

/** The test sources shipped with the daemon (libs/workflows/assets, copied to dist/ by the build). */
const assets = fileURLToPath(new URL('../../assets/test-packages/', import.meta.url));

/** Every uploadable experimental distribution over the repositories and their codenames. */
export const experimentalDistributions = (repositories: Iterable<RepositoryConfig>): UploadTarget[] =>
  suiteDistributions(repositories, (suite) => suite.experimental && suite.uploadable);

/** `--with-check`'s verdict: true when every result is what mini-buildd expects of it. */
export const testPackagesPassed = (results: readonly Pick<TestPackageResult, 'outcome' | 'expected'>[]): boolean =>
  results.every((result) => result.outcome === result.expected);

/**
 * mini-buildd's test_packages: each test source with a fresh version (the request time plus the
 * distribution's default version) and the target distribution in a new changelog entry (the real dch),
 * fed through OwnUploads; and what became of each upload.
 */
@Injectable()
export class TestPackagesService {
  private readonly logger = new Logger('test-packages');

  constructor(
    private readonly store: EventStore,
    private readonly configuration: ConfigurationService,
    private readonly ownUploads: OwnUploads,
  ) {}

  targets(distributions?: readonly string[]): DistributionSettings[] {
    const repositories = [...this.configuration.current().repositories.values()];
    return uploadTargets(repositories, distributions, () => experimentalDistributions(repositories)).map((target) => target.settings);
  }

  async build(request: TestPackagesRequest, now: Date): Promise<StartedUpload[]> {
    const targets = this.targets(request.distributions);
    const sources = request.sources && request.sources.length > 0 ? [...new Set(request.sources)] : [...testPackageSources];
    const started: StartedUpload[] = [];
    for (const distribution of targets) for (const source of sources) started.push(await this.upload(source, distribution, now, request.autoPorts ?? []));
    return started;
  }

  /** What became of each upload so far. */
  async outcomes(uploads: readonly StartedUpload[]): Promise<TestPackageResult[]> {
    return Promise.all(uploads.map(async (upload) => ({ ...upload, outcome: await this.outcome(upload.uploadId), expected: expectedOf(upload.source) })));
  }

  /**
   * The same, by upload id alone (what the CLI polls with): what the upload stream says it is. An upload
   * incoming has not recorded yet (its files were handed over, the intake has not scanned them) is
   * pending, with nothing else known.
   */
  async outcomesOf(uploadIds: readonly string[]): Promise<(TestPackageResult | NotYetReceived)[]> {
    return Promise.all(
      uploadIds.map(async (uploadId): Promise<TestPackageResult | NotYetReceived> => {
        const state = await uploadState(this.store, uploadId);
        const received = state.status === 'initial' ? undefined : state.received;
        if (!received) return { uploadId, outcome: 'pending' };
        const upload: StartedUpload = { distribution: received.distribution, source: received.source, version: received.version, changes: received.changes.name, uploadId };
        return { ...upload, outcome: await this.outcomeOf(state), expected: expectedOf(received.source) };
      }),
    );
  }

  /** Polls the outcomes until none is pending or `timeoutMs` passed; returns the last look. */
  async waitForOutcomes(uploads: readonly StartedUpload[], timeoutMs: number, intervalMs = 3000): Promise<TestPackageResult[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const results = await this.outcomes(uploads);
      if (results.every((result) => result.outcome !== 'pending') || Date.now() >= deadline) return results;
      await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
    }
  }

  private async outcome(uploadId: string): Promise<TestPackageOutcome> {
    return this.outcomeOf(await uploadState(this.store, uploadId));
  }

  /** installed, failed or rejected as its state and its distribution's stream say; pending until then. */
  private async outcomeOf(state: UploadState): Promise<TestPackageOutcome> {
    if (state.status === 'rejected') return 'rejected';
    if (state.status === 'failed') return 'failed';
    if (state.status !== 'accepted') return 'pending';
    const { codename, repository, suite } = state.accepted;
    const installed = (await this.store.readStream(distributionStream(codename, repository, suite))).some(
      (event: RecordedEvent) => PackageInstalled.is(event) && event.data.uploadId === state.received.uploadId,
    );
    return installed ? 'installed' : 'pending';
  }

  private upload(source: TestPackageSource, distribution: DistributionSettings, now: Date, autoPorts: readonly string[]): Promise<StartedUpload> {
    const version = timestampVersion(now, distribution);
    this.logger.log(`${source} ${version} → ${distribution.name}`);
    return uploadTree(this.ownUploads, { distribution: distribution.name, source, version }, async (dir) => {
      const tree = join(dir, source);
      await cp(join(assets, source), tree, { recursive: true });
      await addChangelogEntry(tree, {
        version,
        distribution: distribution.name,
        lines: [`mbd test_packages: ${source} for ${distribution.name}.`],
        options: autoPorts.length > 0 ? [`auto-ports=${autoPorts.join(',')}`] : [],
        author: this.ownUploads.author(),
      });
      return tree;
    });
  }
}
