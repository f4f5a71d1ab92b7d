import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { endSchrootSession } from '../schroot/schroot-sessions.js';
import { autopkgtestArguments } from './autopkgtest-arguments.js';
import { autopkgtestVerdict } from './autopkgtest-verdict.js';
import { type QaCheckRequest, type QaResult, type QaToolSettings } from './qa-check.js';
import { QaCheckTool } from './qa-tool.js';

/** A .dsc declares autopkgtests with `Testsuite: autopkgtest` (dpkg-source writes it when debian/tests/control exists). */
export const declaresAutopkgtests = (dsc: string): boolean => /^Testsuite:.*\bautopkgtest/im.test(dsc);

/**
 * Runs a source's autopkgtests (debian/tests) against the packages of its build, in a fresh testbed of
 * the build's own chroot: a named session of the schroot chroot (root), or the chroot's tarball through
 * autopkgtest's unshare server (any user); never on the host. A source that declares no tests is
 * `warn` "no tests" at once (what autopkgtest's exit 8 says), without opening a testbed. The
 * repository's own distributions the build saw are apt sources in the testbed, with the archive key.
 * Bounded like lintian: niced, its own process group, killed after `timeoutSeconds` (and its schroot
 * session ended); its log is bounded.
 */
export class Autopkgtest extends QaCheckTool {
  constructor(settings: QaToolSettings = {}) {
    super(settings, 'autopkgtest');
  }

  async check(request: QaCheckRequest): Promise<QaResult> {
    const { chroot } = request;
    if (!declaresAutopkgtests(await readFile(request.dsc, 'utf8'))) {
      await writeFile(request.logFile, '[mbd] the source declares no autopkgtests (no "Testsuite: autopkgtest" in its .dsc): nothing to run\n');
      return { status: 'warn', summary: 'no tests', logFile: request.logFile, seconds: 0 };
    }
    const session = `${chroot.name}-${randomUUID()}`;
    const summaryFile = `${request.logFile}.summary`;
    try {
      return await this.withArchiveKey(request, async (key) => {
        const exit = await this.run(
          request,
          autopkgtestArguments({
            dsc: request.dsc,
            debs: request.debs,
            mode: chroot.mode,
            schroot: chroot.name,
            session,
            tarball: chroot.tarball.path,
            architecture: chroot.architecture,
            summaryFile,
            extraSources: (request.extraRepositories ?? []).map((repository) => repository.line),
            ...(key ? { extraSourcesKey: key.file } : {}),
          }),
        );
        if ((exit.timedOut || exit.aborted) && chroot.mode === 'schroot') await endSchrootSession(session).catch(() => undefined);
        const summary = await readFile(summaryFile, 'utf8').catch(() => '');
        return { ...autopkgtestVerdict(exit, summary, exit.tail, this.timeoutSeconds), logFile: request.logFile, seconds: exit.seconds };
      });
    } finally {
      await rm(summaryFile, { force: true });
    }
  }
}
