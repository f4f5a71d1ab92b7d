import { Injectable, Logger } from '@nestjs/common';
import { distributionSettings, resolveDistribution, type DistributionSettings } from '@mbd/archive';
import { InjectConfig, publicHostOf, type MbdConfig } from '@mbd/config';
import type { RepositoryConfig } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { join } from 'node:path';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveRequestError } from '../installing/archive-commands.service.js';
import { OwnUploads } from '../own-uploads/own-uploads.js';
import { keyringPackageSource } from './keyring-package-source.js';
import { writeSourceTree } from './source-tree.js';
import { uploadTree, type StartedUpload } from './upload-tree.js';

export interface KeyringPackagesRequest {
  /** Default: every distribution of a suite whose layout has buildKeyringPackage (the Default layout's unstable). */
  readonly distributions?: readonly string[];
  /** mini-buildd's `--without-migration`: leave the packages where they are installed. */
  readonly withoutMigration?: boolean;
}

/** A distribution to build the keyring package for, with its repository. */
interface KeyringTarget {
  readonly repository: RepositoryConfig;
  readonly settings: DistributionSettings;
}

/** The distributions whose suite says buildKeyringPackage, over every repository and codename. */
export const keyringDistributions = (repositories: Iterable<RepositoryConfig>): KeyringTarget[] =>
  [...repositories].flatMap((repository) =>
    repository.codenames.flatMap(({ codename }) =>
      repository.layout.suites
        .filter((suite) => suite.buildKeyringPackage)
        .flatMap((suite) => {
          const settings = distributionSettings(repository, codename, suite.name);
          return settings ? [{ repository, settings }] : [];
        }),
    ),
  );

/**
 * mini-buildd's keyring_packages: for each distribution, a `<repository>-archive-keyring` source made
 * at the time of the request and fed through mbd's own incoming (OwnUploads), so it is checked, built
 * and installed like any upload. KeyringPackagesProcessManager migrates it once installed.
 */
@Injectable()
export class KeyringPackagesService {
  private readonly logger = new Logger('keyring-packages');

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly configuration: ConfigurationService,
    private readonly key: ArchiveKey,
    private readonly ownUploads: OwnUploads,
  ) {}

  /** The targets of a request; a name that is no uploadable distribution is an ArchiveRequestError (nothing is uploaded then). */
  targets(distributions?: readonly string[]): KeyringTarget[] {
    const repositories = [...this.configuration.current().repositories.values()];
    if (distributions === undefined || distributions.length === 0) return keyringDistributions(repositories);
    return [...new Set(distributions)].map((name) => {
      const resolved = resolveDistribution(repositories, name);
      if (!resolved.ok) throw new ArchiveRequestError('distribution-unknown', resolved.reason);
      if (resolved.rollback !== undefined || !resolved.settings.uploadable)
        throw new ArchiveRequestError('bad-request', `${name} takes no uploads: a keyring package goes to an uploadable distribution (the layout's buildKeyringPackage suite)`);
      return { repository: resolved.config, settings: resolved.settings };
    });
  }

  /** Builds and uploads the keyring package of every target; returns the uploads started, in order. */
  async build(request: KeyringPackagesRequest, now: Date): Promise<StartedUpload[]> {
    const targets = this.targets(request.distributions);
    const started: StartedUpload[] = [];
    for (const target of targets) started.push(await this.upload(target, now, request.withoutMigration === true));
    return started;
  }

  private upload({ repository, settings }: KeyringTarget, now: Date, withoutMigration: boolean): Promise<StartedUpload> {
    const author = this.ownUploads.author();
    const source = keyringPackageSource({
      repository,
      distribution: settings,
      host: publicHostOf(this.config),
      httpPort: this.config.httpPort,
      ftpPort: this.config.ftpPort,
      key: this.key,
      maintainer: `${author.name} <${author.email}>`,
      now,
      withoutMigration,
    });
    this.logger.log(`${source.name} ${source.version} → ${settings.name}${withoutMigration ? ' (without migration)' : ''}`);
    return uploadTree(this.ownUploads, { distribution: settings.name, source: source.name, version: source.version }, async (dir) => {
      const tree = join(dir, source.name);
      await writeSourceTree(tree, source.files);
      return tree;
    });
  }
}
