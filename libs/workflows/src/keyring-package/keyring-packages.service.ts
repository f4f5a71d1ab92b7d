import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig, publicHostOf, type MbdConfig } from '@mbd/config';
import type { RepositoryConfig } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { join } from 'node:path';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { OwnUploads } from '../own-uploads/own-uploads.js';
import { keyringPackageSource, packageMaintainer } from './keyring-package-source.js';
import { writeSourceTree } from './source-tree.js';
import { suiteDistributions, uploadTargets, type UploadTarget } from './upload-targets.js';
import { uploadTree, type StartedUpload } from './upload-tree.js';

export interface KeyringPackagesRequest {
  /** Default: every distribution of a suite whose layout has buildKeyringPackage (the Default layout's unstable). */
  readonly distributions?: readonly string[];
  /** mini-buildd's `--without-migration`: leave the packages where they are installed. */
  readonly withoutMigration?: boolean;
}

/** The distributions whose suite says buildKeyringPackage, over every repository and codename. */
export const keyringDistributions = (repositories: Iterable<RepositoryConfig>): UploadTarget[] => suiteDistributions(repositories, (suite) => suite.buildKeyringPackage);

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
  targets(distributions?: readonly string[]): UploadTarget[] {
    const repositories = [...this.configuration.current().repositories.values()];
    return uploadTargets(repositories, distributions, () => keyringDistributions(repositories));
  }

  /** Builds and uploads the keyring package of every target; returns the uploads started, in order. */
  async build(request: KeyringPackagesRequest, now: Date): Promise<StartedUpload[]> {
    const targets = this.targets(request.distributions);
    const started: StartedUpload[] = [];
    for (const target of targets) started.push(await this.upload(target, now, request.withoutMigration === true));
    return started;
  }

  private upload({ repository, settings }: UploadTarget, now: Date, withoutMigration: boolean): Promise<StartedUpload> {
    const source = keyringPackageSource({
      repository,
      distribution: settings,
      host: publicHostOf(this.config),
      httpPort: this.config.httpPort,
      ftpPort: this.config.ftpPort,
      key: this.key,
      maintainer: packageMaintainer(this.ownUploads.author()),
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
