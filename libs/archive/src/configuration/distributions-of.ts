import type { RepositoryConfig } from '@mbd/events';
import { formatDistributionName } from './distribution-name.js';
import { distributionSettings } from './distribution-settings.js';

/** One distribution reprepro publishes: the distribution itself or one of its rollbacks. */
export interface PublishedDistribution {
  /** reprepro's Codename (and Suite, Label): `bookworm-test-unstable`, `bookworm-test-unstable-rollback0`. */
  readonly name: string;
  readonly codename: string;
  readonly repository: string;
  readonly suite: string;
  /** The rollback slot, absent for the distribution itself. */
  readonly rollback?: number;
  /** The binary architectures (reprepro adds `source`). */
  readonly architectures: readonly string[];
  readonly components: readonly string[];
  readonly uploadable: boolean;
  readonly notAutomatic: boolean;
  readonly butAutomaticUpgrades: boolean;
  /** Meta distributions reprepro also accepts for it (`AlsoAcceptFor`). */
  readonly alsoAcceptFor: readonly string[];
}

/**
 * Every distribution of a repository, codenames in configuration order, suites in layout order, each
 * followed by its rollbacks (NotAutomatic: yes, ButAutomaticUpgrades: no, never uploadable).
 */
export const distributionsOf = (config: RepositoryConfig): PublishedDistribution[] =>
  config.codenames.flatMap(({ codename }) =>
    config.layout.suites.flatMap(({ name: suite }) => {
      const settings = distributionSettings(config, codename, suite);
      if (!settings) return [];
      const common = {
        codename,
        repository: config.repository,
        suite,
        architectures: settings.architectures.map((entry) => entry.architecture),
        components: settings.components,
      };
      const alsoAcceptFor = Object.entries(config.layout.metaDistributions)
        .filter(([, target]) => target === `${codename}-${suite}`)
        .map(([meta]) => meta);
      const rollbacks = Array.from({ length: settings.rollbacks }, (_, rollback) => ({
        ...common,
        name: formatDistributionName({ codename, repository: config.repository, suite, rollback }),
        rollback,
        uploadable: false,
        notAutomatic: true,
        butAutomaticUpgrades: false,
        alsoAcceptFor: [],
      }));
      return [
        {
          ...common,
          name: settings.name,
          uploadable: settings.uploadable,
          notAutomatic: settings.notAutomatic,
          butAutomaticUpgrades: settings.butAutomaticUpgrades,
          alsoAcceptFor,
        },
        ...rollbacks,
      ];
    }),
  );
