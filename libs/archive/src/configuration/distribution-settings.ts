import type { CheckMode, RepositoryConfig } from '@mbd/events';
import { formatDistributionName } from './distribution-name.js';
import { type VersionRule, versionRuleOf } from './version-rule.js';

/** Everything the deciders need to know about one distribution (not a rollback) of a repository. */
export interface DistributionSettings {
  readonly name: string;
  readonly codename: string;
  readonly repository: string;
  readonly suite: string;
  readonly uploadable: boolean;
  readonly experimental: boolean;
  /** The distribution this one migrates to, or null. */
  readonly migratesTo: string | null;
  /** How many rollback distributions keep replaced versions. */
  readonly rollbacks: number;
  readonly architectures: readonly { readonly architecture: string; readonly optional: boolean }[];
  readonly archAllOn: string;
  readonly components: readonly string[];
  readonly notAutomatic: boolean;
  readonly butAutomaticUpgrades: boolean;
  readonly lintian: CheckMode;
  readonly piuparts: CheckMode;
  readonly autopkgtest: CheckMode;
  readonly versionRule: VersionRule;
  readonly uploadPolicy: RepositoryConfig['uploadPolicy'];
  readonly allowUnsignedUploads: boolean;
}

/** The settings of `<codename>-<repository>-<suite>`, or undefined when the repository has no such codename or suite. */
export const distributionSettings = (config: RepositoryConfig, codename: string, suite: string): DistributionSettings | undefined => {
  const codenameOptions = config.codenames.find((entry) => entry.codename === codename);
  const suiteOptions = config.layout.suites.find((entry) => entry.name === suite);
  if (!codenameOptions || !suiteOptions) return undefined;
  const name = (suiteName: string) => formatDistributionName({ codename, repository: config.repository, suite: suiteName });
  return {
    name: name(suite),
    codename,
    repository: config.repository,
    suite,
    uploadable: suiteOptions.uploadable,
    experimental: suiteOptions.experimental,
    migratesTo: suiteOptions.migratesTo === null ? null : name(suiteOptions.migratesTo),
    rollbacks: suiteOptions.rollback,
    architectures: codenameOptions.architectures,
    archAllOn: codenameOptions.archAllOn,
    components: codenameOptions.components,
    notAutomatic: suiteOptions.notAutomatic,
    butAutomaticUpgrades: suiteOptions.butAutomaticUpgrades,
    lintian: suiteOptions.lintian,
    piuparts: suiteOptions.piuparts,
    autopkgtest: suiteOptions.autopkgtest,
    versionRule: versionRuleOf(config.layout.versionRules, config.repository, codenameOptions.codeversion, suiteOptions.experimental),
    uploadPolicy: config.uploadPolicy,
    allowUnsignedUploads: config.allowUnsignedUploads,
  };
};
