import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChrootManager } from '../chroot/chroot-manager.js';
import { type Chroot, defaultChrootInclude } from '../chroot/chroot.js';
import { systemMirror } from '../chroot/system-mirror.js';

/** Where tests keep their chroots across runs (made once, about a minute, then reused). */
export const testChrootDir = process.env.MBD_TEST_CHROOT_DIR ?? '/var/cache/mbd-test/chroots';

/** The test chroots' manager: schroot names `mbd-test-<codename>-<arch>`, apart from a daemon's `mbd-…`. */
export const testChroots = (): ChrootManager => new ChrootManager({ dir: testChrootDir, namePrefix: 'mbd-test' });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * The shared test chroot of a codename and architecture, made from this machine's mirror if it is
 * not there yet, or remade when it was made with other included packages. Test files run in parallel
 * processes, so making it is guarded by a lock file (holding the maker's pid; a dead maker's lock is taken over).
 */
export async function ensureTestChroot(codename = 'bookworm', architecture = 'amd64'): Promise<{ chroot: Chroot; made: boolean }> {
  const chroots = testChroots();
  await mkdir(testChrootDir, { recursive: true });
  const lock = join(testChrootDir, `${codename}-${architecture}.lock`);
  const isCurrent = (chroot: Chroot | undefined): chroot is Chroot => chroot !== undefined && chroot.include.join(',') === defaultChrootInclude.join(',');
  for (;;) {
    const existing = await chroots.get(codename, architecture);
    if (isCurrent(existing)) return { chroot: existing, made: false };
    const handle = await open(lock, 'wx').catch(() => undefined);
    if (handle !== undefined) {
      try {
        await handle.writeFile(String(process.pid));
        await handle.close();
        const locked = await chroots.get(codename, architecture);
        if (isCurrent(locked)) return { chroot: locked, made: false };
        const mirror = await systemMirror();
        const chroot = locked === undefined ? await chroots.create({ codename, architecture, mirror }) : await chroots.update(codename, architecture, mirror);
        return { chroot, made: true };
      } finally {
        await rm(lock, { force: true });
      }
    }
    const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
    if (holder > 0 && !isAlive(holder)) await rm(lock, { force: true });
    await sleep(1000);
  }
}
