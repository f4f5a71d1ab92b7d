import type { CheckMode, DataOf, UploadAccepted } from '@mbd/events';
import type { DistributionSettings } from '../configuration/distribution-settings.js';
import { type UploadOption, resolveUploadOptions } from './upload-options.js';

export interface CheckModes {
  readonly lintian: CheckMode;
  readonly piuparts: CheckMode;
  readonly autopkgtest: CheckMode;
}

/** UploadAccepted's `checks`: the upload's own modes (its source) and each build architecture's. */
export type UploadChecks = NonNullable<DataOf<typeof UploadAccepted>['checks']>;

const modesFor = (distribution: DistributionSettings, options: readonly UploadOption[], architecture?: string): CheckModes => {
  const resolved = resolveUploadOptions(options, architecture);
  return {
    lintian: resolved.lintianMode ?? distribution.lintian,
    piuparts: resolved.piupartsMode ?? distribution.piuparts,
    autopkgtest: resolved.autopkgtestMode ?? distribution.autopkgtest,
  };
};

/** The suite's check modes after the upload's options, for the upload itself and for each of its build architectures. */
export const effectiveChecks = (distribution: DistributionSettings, options: readonly UploadOption[], buildArchitectures: readonly string[]): UploadChecks => ({
  ...modesFor(distribution, options),
  architectures: Object.fromEntries(buildArchitectures.map((architecture) => [architecture, modesFor(distribution, options, architecture)])),
});

/**
 * The check modes an accepted upload runs under, for one build architecture or (without one) for its
 * source: what UploadAccepted recorded, or the suite's modes for an upload accepted before options existed.
 */
export const checkModesOf = (accepted: DataOf<typeof UploadAccepted>, distribution: DistributionSettings, architecture?: string): CheckModes => {
  const { checks } = accepted;
  if (!checks) return { lintian: distribution.lintian, piuparts: distribution.piuparts, autopkgtest: distribution.autopkgtest };
  const own = architecture === undefined ? undefined : checks.architectures[architecture];
  return own ?? { lintian: checks.lintian, piuparts: checks.piuparts, autopkgtest: checks.autopkgtest };
};
