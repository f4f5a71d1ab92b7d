import { type CheckModes } from '@mbd/archive';
import type { Autopkgtest, Chroot, ExtraRepository, Piuparts, QaResult, QaTool } from '@mbd/builder';
import { access } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The QA tools that run on a successful build: those whose mode for the build's architecture is not
 * disabled (the suite's, or the upload's `piuparts-mode` / `autopkgtest-mode`). Experimental suites run
 * them too; their results are shown but never fail the upload (the install gate's rule).
 */
export const qaToolsToRun = (modes: Pick<CheckModes, QaTool>): QaTool[] => (['piuparts', 'autopkgtest'] as const).filter((tool) => modes[tool] !== 'disabled');

export interface BuildQaRequest {
  readonly chroot: Chroot;
  readonly dsc: string;
  /** The built .debs (the .changes' files), absolute paths. */
  readonly debs: readonly string[];
  /** The build's output directory: the logs go there, `<stem>.<tool>.log`. */
  readonly outputDir: string;
  /** `<source>_<version>_<architecture>`, as the build log is named. */
  readonly stem: string;
  readonly extraRepositories: readonly ExtraRepository[];
  readonly signal: AbortSignal;
}

/** A tool's result, and its log file when it wrote one. */
export interface BuildQaOutcome {
  readonly status: QaResult['status'];
  readonly summary: string;
  readonly logFile: string | undefined;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs `tools` one after the other on a build (in the build's slot, so QA never runs beside more builds
 * than MBD_BUILD_JOBS). A tool that throws (it could not start, its log could not be written) gives an
 * `error` result with the reason: every tool asked for leaves a result, so the install gate never waits.
 */
export async function runBuildQa(
  qa: { readonly piuparts: Piuparts; readonly autopkgtest: Autopkgtest },
  tools: readonly QaTool[],
  request: BuildQaRequest,
): Promise<Partial<Record<QaTool, BuildQaOutcome>>> {
  const outcomes: Partial<Record<QaTool, BuildQaOutcome>> = {};
  for (const tool of tools) {
    const logFile = join(request.outputDir, `${request.stem}.${tool}.log`);
    const check = { chroot: request.chroot, dsc: request.dsc, debs: request.debs, logFile, extraRepositories: request.extraRepositories, signal: request.signal };
    outcomes[tool] = await qa[tool].check(check).then(
      (result): BuildQaOutcome => ({ status: result.status, summary: result.summary, logFile: result.logFile }),
      async (error: unknown): Promise<BuildQaOutcome> => ({
        status: 'error',
        summary: `${tool} could not run: ${messageOf(error)}`.slice(0, 1000),
        logFile: await access(logFile).then(() => logFile, () => undefined),
      }),
    );
  }
  return outcomes;
}
