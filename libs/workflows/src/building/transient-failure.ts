import type { BuildResult } from '@mbd/builder';

/** How often a build runs when each attempt fails for a passing reason (the first run included). */
export const BUILD_ATTEMPTS = 3;

/**
 * Whether a build failed for a reason that passes: apt in the chroot could not update its lists (a
 * mirror that did not answer, or the archive's own distribution published between apt's reading of
 * InRelease and of the indices it names). Such a build is run again (BUILD_ATTEMPTS) before it counts
 * as failed; a failure in any later stage says something about the package and is never retried.
 */
export const isPassingFailure = (result: Pick<BuildResult, 'status' | 'failStage'>): boolean =>
  result.status !== 'successful' && result.failStage === 'apt-get-update';

/** Seconds to wait before attempt `next` (2, 3, …). */
export const retryDelaySeconds = (next: number): number => (next <= 2 ? 5 : 20);
