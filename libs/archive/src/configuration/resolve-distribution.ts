import type { RepositoryConfig } from '@mbd/events';
import { type DistributionName, parseDistributionName } from './distribution-name.js';
import { type DistributionSettings, distributionSettings } from './distribution-settings.js';

export type DistributionResolution =
  | { readonly ok: true; readonly settings: DistributionSettings; readonly rollback?: number; readonly config: RepositoryConfig }
  | { readonly ok: false; readonly reason: string };

/** Maps a meta distribution (`unstable`) to the distribution it stands for; it must be unique over all repositories. */
const expandMeta = (repositories: readonly RepositoryConfig[], name: string): string[] =>
  repositories.flatMap((config) => {
    const target = config.layout.metaDistributions[name];
    if (target === undefined) return [];
    const [codename, suite] = target.split('-');
    return [`${codename}-${config.repository}-${suite}`];
  });

/**
 * Finds a distribution by name (or meta distribution) among the repositories, with mini-buildd's
 * reasons when there is none (reference §9, `parse_dist`).
 */
export const resolveDistribution = (repositories: readonly RepositoryConfig[], name: string): DistributionResolution => {
  const meta = expandMeta(repositories, name);
  if (meta.length > 1) return { ok: false, reason: `Ambiguous Meta-Distributions: '${name}' means ${meta.join(', ')}` };
  const distribution = meta[0] ?? name;
  const parsed: DistributionName | undefined = parseDistributionName(distribution);
  if (!parsed) return { ok: false, reason: `Malformed distribution '${name}': Must be '<codename>-<repoid>-<suite>[-rollback<n>]'` };
  const config = repositories.find((entry) => entry.repository === parsed.repository);
  if (!config) return { ok: false, reason: `No such repository: ${parsed.repository}` };
  if (!config.codenames.some((entry) => entry.codename === parsed.codename))
    return { ok: false, reason: `No distribution for codename '${parsed.codename}' in repository ${config.repository}` };
  const settings = distributionSettings(config, parsed.codename, parsed.suite);
  if (!settings) return { ok: false, reason: `No distribution for suite '${parsed.suite}' in repository ${config.repository}` };
  if (parsed.rollback !== undefined && parsed.rollback >= settings.rollbacks)
    return { ok: false, reason: `No rollback${parsed.rollback} for ${settings.name}: it keeps ${settings.rollbacks} rollbacks` };
  return { ok: true, settings, config, ...(parsed.rollback === undefined ? {} : { rollback: parsed.rollback }) };
};
