import type { RepositoryConfig } from '@mbd/events';
import { parseDistributionName } from './distribution-name.js';
import { type DistributionSettings, distributionSettings } from './distribution-settings.js';

export interface MigrationStep {
  readonly from: DistributionSettings;
  readonly to: DistributionSettings;
}

/**
 * The migrations from `<codename>-<repository>-<suite>`: one step to the suite it migrates to, or with
 * `full` the whole chain (unstable → testing → stable). Empty when the suite does not migrate.
 */
export const migrationPath = (config: RepositoryConfig, codename: string, suite: string, full = false): MigrationStep[] => {
  const steps: MigrationStep[] = [];
  for (let from = distributionSettings(config, codename, suite); from?.migratesTo; ) {
    const to = distributionSettings(config, codename, parseDistributionName(from.migratesTo)?.suite ?? '');
    if (!to || steps.some((step) => step.from.name === to.name)) break;
    steps.push({ from, to });
    if (!full) break;
    from = to;
  }
  return steps;
};
