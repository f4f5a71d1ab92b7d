import type { ChrootConfig, RepositoryConfig } from '@mbd/events';

/** mini-buildd's status call (reference §5): who the instance is, where it is reached, how busy it is. */
export interface MiniBuilddStatus {
  readonly identity: string;
  /** The HTTP base URL (API, pages, repositories). */
  readonly url: string;
  /** Where dput uploads (FTP incoming). */
  readonly incoming_url: string;
  /** Running builds per build slot, 0..1; -1 when this instance builds nothing (no slots). */
  readonly load: number;
  /** Active chroots, `codename:architecture`. */
  readonly chroots: readonly string[];
  /** The remote builders (`mbd builder`) online now, by name. */
  readonly remotes: readonly string[];
  /** With `with_repositories`: each repository's codenames and its layout's suites. */
  readonly repositories?: Readonly<Record<string, RepositoryStatus>>;
}

export interface RepositoryStatus {
  readonly codenames: readonly string[];
  readonly layout: Readonly<Record<string, { readonly uploadable: boolean; readonly experimental: boolean; readonly migrates_to: string | null }>>;
}

export interface MiniBuilddStatusInput {
  readonly host: string;
  readonly httpPort: number;
  readonly ftpPort: number;
  readonly runningBuilds: number;
  readonly buildSlots: number;
  readonly chroots: Iterable<ChrootConfig>;
  /** Names of the remote builders online now. */
  readonly remotes?: readonly string[];
  readonly repositories?: Iterable<RepositoryConfig>;
}

/** The status fields mini-buildd's clients read, from the daemon's configuration and its builder. */
export function miniBuilddStatus(input: MiniBuilddStatusInput): MiniBuilddStatus {
  return {
    identity: input.host,
    url: `http://${input.host}:${input.httpPort}/`,
    incoming_url: `ftp://${input.host}:${input.ftpPort}/incoming/`,
    load: input.buildSlots > 0 ? Math.min(1, input.runningBuilds / input.buildSlots) : -1,
    chroots: [...input.chroots].map((chroot) => `${chroot.codename}:${chroot.architecture}`).sort(),
    remotes: [...(input.remotes ?? [])].sort(),
    ...(input.repositories
      ? {
          repositories: Object.fromEntries(
            [...input.repositories].map((config) => [
              config.repository,
              {
                codenames: config.codenames.map((entry) => entry.codename),
                layout: Object.fromEntries(
                  config.layout.suites.map((suite) => [suite.name, { uploadable: suite.uploadable, experimental: suite.experimental, migrates_to: suite.migratesTo }]),
                ),
              },
            ]),
          ),
        }
      : {}),
  };
}
