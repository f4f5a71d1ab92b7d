import type { CheckMode, QaCheckResult } from '@mbd/events';
import { type CheckResult, checkVerdict } from '../upload/check-verdict.js';

/** The QA tools whose verdicts gate a build's install beside lintian's. */
export type QaCheckName = 'piuparts' | 'autopkgtest';

/** sbuild's status as the shared check rule counts it (check-verdict.ts): fail and error are one error, warn one warning; the status and summary name it. */
export const qaCheckCounts = (result: QaCheckResult): CheckResult => ({
  errors: result.status === 'fail' || result.status === 'error' ? 1 : 0,
  warnings: result.status === 'warn' ? 1 : 0,
  tags: [`${result.status}: ${result.summary}`],
});

/**
 * Why piuparts' or autopkgtest's result on the build of `architecture` fails its mode (mini-buildd's check
 * rule, checkVerdict), or undefined when it passes; a mode other than disabled or ignore without a result
 * fails (the builder records one whenever the mode asks it to run).
 */
export const qaVerdict = (check: QaCheckName, mode: CheckMode, experimental: boolean, result: QaCheckResult | undefined, architecture: string): string | undefined =>
  checkVerdict(check, mode, experimental, result ? qaCheckCounts(result) : undefined, `the ${architecture} build`);
