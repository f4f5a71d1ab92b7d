import type { DistributionSettings } from '../configuration/distribution-settings.js';

export interface PlannedBuild {
  readonly architecture: string;
  readonly archAll: boolean;
  readonly optional: boolean;
}

/**
 * One build per configured architecture, arch:all packages on `archAllOn` only. A source that builds
 * only arch:all packages is built once, on `archAllOn`; one without arch:all builds none there.
 */
export const planBuilds = (distribution: DistributionSettings, sourceArchitectures?: readonly string[]): PlannedBuild[] => {
  const hasAll = !sourceArchitectures || sourceArchitectures.includes('all');
  const onlyAll = sourceArchitectures !== undefined && sourceArchitectures.length > 0 && sourceArchitectures.every((arch) => arch === 'all');
  return distribution.architectures
    .filter(({ architecture }) => !onlyAll || architecture === distribution.archAllOn)
    .map(({ architecture, optional }) => ({ architecture, optional, archAll: hasAll && architecture === distribution.archAllOn }));
};

/** Build ids are derived, so deciding twice gives the same id: `<upload>-<architecture>-<attempt>`. */
export const buildIdOf = (uploadId: string, architecture: string, attempt: number): string => `${uploadId}-${architecture}-${attempt}`;
