/**
 * One stanza of reprepro's `conf/distributions`: a distribution `<codename>-<repository>-<suite>` or
 * one of its `-rollback<N>`. mbd signs Release files itself, so there is no SignWith.
 */
export interface RepreproDistribution {
  /** Codename and Suite: the distribution's full name, e.g. `bookworm-test-unstable-rollback0`. */
  readonly name: string;
  readonly origin: string;
  readonly label: string;
  readonly description: string;
  /** Binary architectures; `source` is always added. */
  readonly architectures: readonly string[];
  readonly components: readonly string[];
  readonly notAutomatic: boolean;
  readonly butAutomaticUpgrades: boolean;
  /** reprepro's `SignWith:` (e.g. `! <hook script>`): reprepro signs Release itself as part of each export. */
  readonly signWith?: string;
}

/** `changed` exports the indices of what the call changed; `never` leaves them for one later `export`. */
export type RepreproExport = 'changed' | 'never';

export interface RepreproCallOptions {
  readonly export?: RepreproExport;
}

/** One binary or source package as `reprepro list` reports it. */
export interface RepreproListEntry {
  readonly package: string;
  readonly version: string;
  /** `source` for a source package. */
  readonly architecture: string;
  readonly component: string;
  readonly source: string;
  readonly sourceVersion: string;
}

/**
 * The reprepro port: every call names the tree (`basedir`); calls on one tree run one after another
 * (reprepro's db/lockfile makes a second concurrent call fail at once). Every failure is a RepreproError
 * with the command and its stderr.
 */
export abstract class Reprepro {
  /** Writes `conf/distributions` and `conf/options` (creating the tree); drops the contents of distributions no longer listed. */
  abstract configure(basedir: string, distributions: readonly RepreproDistribution[]): Promise<void>;
  /** `include`: a .changes with the files it lists beside it. */
  abstract include(basedir: string, distribution: string, changesPath: string, options?: RepreproCallOptions): Promise<void>;
  /** `includedeb` / `includeudeb`: binary packages in one call per kind; an identical or older version is skipped. */
  abstract includeDebs(basedir: string, distribution: string, paths: readonly string[], options?: RepreproCallOptions): Promise<void>;
  /** `includedsc`: a source package with the files it lists beside it. */
  abstract includeDsc(basedir: string, distribution: string, dscPath: string, options?: RepreproCallOptions): Promise<void>;
  /** `copysrc`: a source and its binaries (of `version`) from one distribution to another; nothing to copy is no error. */
  abstract copySrc(basedir: string, to: string, from: string, source: string, version: string, options?: RepreproCallOptions): Promise<void>;
  /** `removesrc`: a source and its binaries (only of `version` if given); an absent source is no error. */
  abstract removeSrc(basedir: string, distribution: string, source: string, version?: string, options?: RepreproCallOptions): Promise<void>;
  /** `export`: writes the indices and Release files of the given distributions (all when none are given). */
  abstract export(basedir: string, distributions?: readonly string[]): Promise<void>;
  /** `list`: everything in a distribution. */
  abstract list(basedir: string, distribution: string): Promise<RepreproListEntry[]>;
}
