import type { CheckMode } from '@mbd/events';

/** The package checks with mini-buildd's four modes (reference §9). */
export type CheckName = 'lintian' | 'piuparts' | 'autopkgtest';

/**
 * What a check found: how many errors and warnings, and the lines naming them. piuparts and autopkgtest
 * give sbuild's statuses instead: `fail`/`error` count as one error, `warn`/`no tests` as one warning.
 */
export interface CheckResult {
  readonly errors: number;
  readonly warnings: number;
  readonly tags?: readonly string[];
}
/** lintian's result: its error and warning counts and tag lines. */
export type LintianResult = CheckResult;

/**
 * mini-buildd's check rule (reference §9), one for lintian, piuparts and autopkgtest: results of
 * experimental suites and of the modes disabled and ignore never fail; errfail fails on errors, warnfail
 * on errors or warnings; a check that should have run and has no result fails an errfail or warnfail
 * mode. Returns the reason it fails, or undefined when it passes.
 */
export const checkVerdict = (
  check: CheckName,
  mode: CheckMode,
  experimental: boolean,
  result: CheckResult | null | undefined,
  what: string,
): string | undefined => {
  if (experimental || mode === 'disabled' || mode === 'ignore') return undefined;
  if (!result) return `${check} did not run on ${what}, but the suite fails on ${check} ${mode === 'errfail' ? 'errors' : 'warnings'}`;
  const failing = mode === 'errfail' ? result.errors : result.errors + result.warnings;
  if (failing === 0) return undefined;
  const tags = result.tags?.length ? `: ${result.tags.join(', ')}` : '';
  return `${check} found ${result.errors} error(s) and ${result.warnings} warning(s) in ${what} (${check} mode ${mode})${tags}`;
};
