import type { Observable } from 'rxjs';

/** A repository a build may take build-dependencies from besides the chroot's mirror (e.g. mbd's own). */
export interface ExtraRepository {
  /** A one-line apt source: `deb http://host:8066/repositories/test bookworm-test-unstable main`. */
  readonly line: string;
  /** The repository's signing key (armored), for sbuild's `--extra-repository-key`. */
  readonly keyFile?: string;
  /**
   * An apt pin for the repository inside the build chroot: every package of the distribution whose Release
   * says `Codename: <release>` gets this priority (mini-buildd's internal-apt-priority, 1 by default:
   * build-dependencies come from it only when nothing else has them, or a version asks for them).
   */
  readonly pin?: { readonly release: string; readonly priority: number };
}

/** One build of one architecture of a source, as a builder receives it. */
export interface BuildJob {
  readonly buildId: string;
  /** The source's .dsc; the files it lists lie beside it. */
  readonly dsc: string;
  /** The distribution built for (`bookworm-test-unstable`): sbuild's `--dist`, written into the .changes. */
  readonly distribution: string;
  /** Chooses the chroot together with the architecture. */
  readonly codename: string;
  readonly architecture: string;
  /** Also build the arch:all packages (one architecture of a distribution does). */
  readonly archAll: boolean;
  /** An empty directory that receives the .changes, .debs, .buildinfo and the build log. */
  readonly outputDir: string;
  readonly extraRepositories?: readonly ExtraRepository[];
  /** Added to DEB_BUILD_OPTIONS (e.g. `nocheck`, `parallel=2`); `noautodbgsym` is always set unless `debugSymbols`. */
  readonly debBuildOptions?: readonly string[];
  readonly debBuildProfiles?: readonly string[];
  /** Dependencies added to the source's build-dependencies, each one sbuild `--add-depends` (mini-buildd's add-depends option). */
  readonly addDepends?: readonly string[];
  /** Keep the automatic -dbgsym packages (default false: gotcha G12, they double the archive for little use). */
  readonly debugSymbols?: boolean;
}

/** sbuild's `Status:` values. Only `successful` produced packages; `skipped` means nothing to build for this architecture. */
export type BuildStatus = 'successful' | 'failed' | 'attempted' | 'given-back' | 'skipped';

/** One stage of sbuild's run (a `| Name |` section of its log, or `Start`: sbuild and schroot setting up before the first) and how long it took. */
export interface BuildStage {
  readonly name: string;
  readonly seconds: number;
}

/** What a finished sbuild run gave. */
export interface BuildResult {
  readonly buildId: string;
  readonly status: BuildStatus;
  /** sbuild's `Fail-Stage:` (e.g. `build`, `install-deps`) when it failed. */
  readonly failStage?: string;
  /** Why it ended this way, for people: status, stage and the log's error line. */
  readonly reason: string;
  /** The .changes sbuild wrote (absent when nothing was built). */
  readonly changesFile?: string;
  /** The .changes and every file it lists, absolute paths in the output directory. */
  readonly files: readonly string[];
  /** The build log (`<source>_<version>_<arch>.build`). */
  readonly logFile: string;
  /** Wall-clock time of the sbuild run. */
  readonly seconds: number;
  /** Every field of sbuild's final Summary block. */
  readonly summary: Readonly<Record<string, string>>;
  readonly stages: readonly BuildStage[];
}

/** The moment a build got a builder and entered a chroot. */
export interface BuildStart {
  readonly builder: string;
  readonly chroot: string;
  readonly at: Date;
}

/**
 * A build under way. `log` emits the build log line by line as it is written (within the log's bound:
 * its beginning, a marker line, its end) and replays the latest lines (at most LogReplay's bytes) to late
 * subscribers; it completes when the build ends. `result` rejects with
 * BuildCancelledError when cancelled, or another BuilderError when sbuild could not run.
 */
export interface BuildRun {
  readonly started: Promise<BuildStart>;
  readonly log: Observable<string>;
  readonly result: Promise<BuildResult>;
}

/**
 * The builder port: takes one BuildJob and runs it to a BuildResult. The local implementation runs
 * sbuild in a chroot on this machine; a remote instance would implement the same port by shipping
 * the job's files and fetching the results into `outputDir`. Abort `signal` to cancel.
 */
export abstract class Builder {
  /** `local` or a remote instance's name, for BuildStarted. */
  abstract readonly name: string;
  abstract build(job: BuildJob, signal?: AbortSignal): BuildRun;
}
