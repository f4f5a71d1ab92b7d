import { compareVersions } from '@mbd/debian';
import type { RefusalReason } from '@mbd/events';
import { type VersionRule, satisfiesVersionRule } from '../configuration/version-rule.js';

/** Why a version may not go where it was sent, in mini-buildd's words (reference §3 precheck). */
export interface Refusal {
  readonly reason: RefusalReason;
  readonly message: string;
}

/** A source version placed in a distribution (a fact from the read models or a decider's state). */
export interface PlacedVersion {
  readonly distribution: string;
  readonly version: string;
}

export const checkVersionRule = (rule: VersionRule, suite: string, version: string): Refusal | undefined => {
  let satisfied: boolean;
  try {
    satisfied = satisfiesVersionRule(rule, version);
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    return { reason: 'version-rules', message: `The version rule of suite '${suite}' ('${rule.mandatoryRegex}') is not a valid regular expression (${problem}): fix the repository's layout` };
  }
  return satisfied
    ? undefined
    : { reason: 'version-rules', message: `Version restrictions failed for suite '${suite}': '${rule.mandatoryRegex}' not in '${version}'` };
};

/** The same version must not be anywhere in the repository (rollbacks excluded). */
export const checkVersionNew = (source: string, version: string, placed: readonly PlacedVersion[]): Refusal | undefined => {
  const found = placed.filter((entry) => compareVersions(entry.version, version) === 0).map((entry) => entry.distribution);
  return found.length === 0
    ? undefined
    : { reason: 'version-exists', message: `Source already installed: Source '${source}_${version}' found in ${found.join(', ')}` };
};

/** The version must not be older than the one in the target distribution. */
export const checkVersionNotOlder = (source: string, version: string, target: PlacedVersion | undefined): Refusal | undefined =>
  target && compareVersions(target.version, version) > 0
    ? {
        reason: 'version-older',
        message: `Package '${source}' has greater version '${target.version}' installed in '${target.distribution}'`,
      }
    : undefined;
