/** The build chroot of a test daemon, made through `mbd chroot create`. */
import type { RunningDaemon } from './daemon.js';

interface ChrootEntry {
  readonly codename: string;
  readonly architecture: string;
}

const present = async (daemon: RunningDaemon, codename: string, architecture: string): Promise<boolean> => {
  const { status, body } = await daemon.api<ChrootEntry[]>('GET', '/api/chroots', undefined, false);
  return status === 200 && Array.isArray(body) && body.some((entry) => entry.codename === codename && entry.architecture === architecture);
};

/**
 * Runs `mbd chroot create <codename> <architecture>` and returns once the daemon lists the chroot.
 * Making it takes minutes under load; when the CLI's connection is cut before the answer (the
 * daemon goes on making it), this waits for the daemon to list it, so that the tests that need a
 * chroot test what they are about. Throws with the CLI's output when no chroot appears.
 */
export async function createChroot(daemon: RunningDaemon, codename = 'bookworm', architecture = 'amd64', timeoutMs = 900_000): Promise<void> {
  const created = await daemon.cli('chroot', 'create', codename, architecture);
  if (created.code === 0) return;
  if (!/cannot reach|closed|socket|timed? ?out|ECONNRESET/i.test(created.stderr)) {
    throw new Error(`mbd chroot create ${codename} ${architecture} failed (${created.code}):\n${created.stdout}${created.stderr}`);
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await present(daemon, codename, architecture)) {
      console.warn(`mbd chroot create exited ${created.code} (${created.stderr.trim()}), but the daemon made the chroot`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`mbd chroot create ${codename} ${architecture} failed (${created.code}) and no chroot appeared:\n${created.stdout}${created.stderr}`);
}
