import { distributionSettings, resolveDistribution, type DistributionSettings } from '@mbd/archive';
import type { RepositoryConfig, SuiteOptions } from '@mbd/events';
import { ArchiveRequestError } from '../installing/archive-commands.service.js';

/** A distribution one of mbd's own uploads (keyring or test package) goes to, with its repository. */
export interface UploadTarget {
  readonly repository: RepositoryConfig;
  readonly settings: DistributionSettings;
}

/** Every distribution, over the repositories and their codenames, of a suite that `wanted` picks. */
export const suiteDistributions = (repositories: Iterable<RepositoryConfig>, wanted: (suite: SuiteOptions) => boolean): UploadTarget[] =>
  [...repositories].flatMap((repository) =>
    repository.codenames.flatMap(({ codename }) =>
      repository.layout.suites.filter(wanted).flatMap((suite) => {
        const settings = distributionSettings(repository, codename, suite.name);
        return settings ? [{ repository, settings }] : [];
      }),
    ),
  );

/**
 * The distributions a request names (each once), or `defaults` when it names none. A name that is no
 * uploadable distribution (unknown, a rollback, a suite that takes no uploads) is an ArchiveRequestError
 * with the reason, before anything is uploaded.
 */
export function uploadTargets(repositories: readonly RepositoryConfig[], names: readonly string[] | undefined, defaults: () => UploadTarget[]): UploadTarget[] {
  if (names === undefined || names.length === 0) return defaults();
  return [...new Set(names)].map((name) => {
    const resolved = resolveDistribution(repositories, name);
    if (!resolved.ok) throw new ArchiveRequestError('distribution-unknown', resolved.reason);
    if (resolved.rollback !== undefined || !resolved.settings.uploadable) throw new ArchiveRequestError('bad-request', `${name} takes no uploads`);
    return { repository: resolved.config, settings: resolved.settings };
  });
}
