import type { CheckMode } from '@mbd/events';

export interface LintianResult {
  readonly errors: number;
  readonly warnings: number;
  readonly tags?: readonly string[];
}

/**
 * mini-buildd's check rule (reference §9): results of experimental suites and of the modes disabled
 * and ignore never fail; errfail fails on errors, warnfail on errors or warnings. Returns the reason
 * it fails, or undefined when it passes.
 */
export const lintianVerdict = (
  mode: CheckMode,
  experimental: boolean,
  result: LintianResult | null | undefined,
  what: string,
): string | undefined => {
  if (experimental || mode === 'disabled' || mode === 'ignore') return undefined;
  if (!result) return `lintian did not run on ${what}, but the suite fails on lintian ${mode === 'errfail' ? 'errors' : 'warnings'}`;
  const failing = mode === 'errfail' ? result.errors : result.errors + result.warnings;
  if (failing === 0) return undefined;
  const tags = result.tags?.length ? `: ${result.tags.join(', ')}` : '';
  return `lintian found ${result.errors} error(s) and ${result.warnings} warning(s) in ${what} (lintian mode ${mode})${tags}`;
};
