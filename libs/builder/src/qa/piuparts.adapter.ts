import { writeFile } from 'node:fs/promises';
import { endSchrootSession } from '../schroot/schroot-sessions.js';
import { piupartsArguments } from './piuparts-arguments.js';
import { PiupartsLog } from './piuparts-log.js';
import { type QaCheckRequest, type QaResult, type QaToolSettings } from './qa-check.js';
import { QaCheckTool } from './qa-tool.js';

/** `deb [signed-by=<key>] <url> <dist> <components>` from `deb <url> …`. */
const signedBy = (line: string, key: string): string => line.replace(/^(deb(?:-src)?)\s+(?!\[)/, `$1 [signed-by=${key}] `);

/**
 * Runs piuparts on the packages of a build: install, remove, purge (and upgrade from the version apt
 * knows) in a fresh session of the build's schroot chroot (`--schroot`, an overlay on the unpacked
 * tarball), with mini-buildd's options (piupartsArguments). piuparts must be root and needs a schroot
 * (its `--basetgz` reads only gzip, and the chroots are zstd): a daemon in unshare mode gets `error`
 * with that reason. The repository's own distributions the build saw are apt sources here too, signed by
 * the archive key (dearmored, bind-mounted). Bounded like lintian: niced, its own process group, killed after
 * `timeoutSeconds`; the schroot session it opened is ended when it was stopped; its log is bounded.
 */
export class Piuparts extends QaCheckTool {
  constructor(settings: QaToolSettings = {}) {
    super(settings, 'piuparts');
  }

  async check(request: QaCheckRequest): Promise<QaResult> {
    const { chroot } = request;
    if (chroot.mode !== 'schroot' || process.getuid?.() !== 0) {
      const summary = `piuparts needs root and a schroot chroot; this daemon builds in ${chroot.mode} mode${process.getuid?.() === 0 ? '' : ' (not as root)'}`;
      await writeFile(request.logFile, `[mbd] ${summary}\n`);
      return { status: 'error', summary, logFile: request.logFile, seconds: 0 };
    }
    return this.withArchiveKey(request, async (key) => {
      const log = new PiupartsLog();
      const args = piupartsArguments({
        schroot: chroot.name,
        codename: chroot.codename,
        mirror: chroot.mirror,
        debs: request.debs,
        extraSources: (request.extraRepositories ?? []).map((repository) => (key ? signedBy(repository.line, key.file) : repository.line)),
        ...(key ? { bindMount: key.dir } : {}),
      });
      const exit = await this.run(request, args, (line) => log.see(line));
      // piuparts ends its session itself unless it was killed.
      if ((exit.timedOut || exit.aborted) && log.session !== undefined) await endSchrootSession(log.session).catch(() => undefined);
      return { ...log.verdict(exit, this.timeoutSeconds), logFile: request.logFile, seconds: exit.seconds };
    });
  }
}
