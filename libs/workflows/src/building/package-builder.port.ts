import type { LintianResult } from '@mbd/archive';

/** One architecture's build of an accepted upload, with its files unpacked into a work directory. */
export interface BuildJob {
  readonly buildId: string;
  readonly uploadId: string;
  readonly source: string;
  readonly version: string;
  readonly distribution: string;
  readonly codename: string;
  readonly architecture: string;
  readonly archAll: boolean;
  /** The source package's .dsc, its files beside it. */
  readonly dscPath: string;
  /** Where the builder leaves the .changes, the files it lists and the build log. */
  readonly outputDir: string;
}

export interface BuildOutcome {
  readonly status: 'successful' | 'failed';
  /** Why it failed, from sbuild's summary (e.g. `build: dpkg-buildpackage failed`). */
  readonly reason?: string;
  /** sbuild's Status: field (successful, failed, attempted, given-back, skipped). */
  readonly sbuildStatus: string;
  readonly changesPath?: string;
  readonly logPath?: string;
  readonly seconds: number;
  readonly lintian?: LintianResult;
}

/** Builds packages: the local sbuild builder, and later remote mbd instances. */
export abstract class PackageBuilder {
  abstract readonly name: string;
  abstract build(job: BuildJob, signal: AbortSignal, onLog?: (line: string) => void): Promise<BuildOutcome>;
}
