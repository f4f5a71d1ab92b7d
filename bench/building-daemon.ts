/**
 * What the build benches share: the real daemon (test/support/daemon.ts) with its build chroot made through
 * `mbd chroot create`, its dput.cf, the event log read as it grows, and the daemon's peak RSS.
 */
import { removeDataDir, startDaemon, type RunningDaemon } from '../test/support/daemon.js';
import { dputConfig, type LogEntry } from '../test/support/uploads.js';

/** A log entry with its time (every event carries `occurredAt`). */
export type TimedEntry = LogEntry & { readonly occurredAt: string };

/** The events that end an upload. */
export const ENDS = ['PackageInstalled', 'UploadRejected', 'UploadFailed'];

export interface BuildingDaemon {
  readonly daemon: RunningDaemon;
  /** The schroot chroot the daemon builds in (`mbd…-bookworm-amd64`). */
  readonly chrootName: string;
  readonly chrootSeconds: number;
  readonly dputConfig: string;
  /** Every event after the last call (all of them on the first), in log order. */
  newEvents(): Promise<TimedEntry[]>;
  stop(): Promise<void>;
}

/** Starts a daemon (`env` added to its environment) and makes its bookworm/amd64 chroot. */
export async function startBuildingDaemon(env: Record<string, string> = {}): Promise<BuildingDaemon> {
  const daemon = await startDaemon({ env });
  try {
    const started = performance.now();
    const created = await daemon.cli('chroot', 'create', 'bookworm', 'amd64');
    if (created.code !== 0) throw new Error(`chroot create failed: ${created.stderr}`);
    const chrootSeconds = (performance.now() - started) / 1000;
    const chroots = (await daemon.api<{ codename: string; name: string }[]>('GET', '/api/chroots', undefined, false)).body;
    const chrootName = chroots.find((chroot) => chroot.codename === 'bookworm')?.name;
    if (chrootName === undefined) throw new Error(`the daemon lists no bookworm chroot: ${JSON.stringify(chroots)}`);
    let after = 0;
    return {
      daemon,
      chrootName,
      chrootSeconds,
      dputConfig: await dputConfig(daemon),
      async newEvents() {
        const page = await daemon.api<{ items: TimedEntry[] }>('GET', `/api/events?limit=1000&after=${after}`, undefined, false);
        after = page.body.items.at(-1)?.position ?? after;
        return page.body.items;
      },
      async stop() {
        await daemon.cli('chroot', 'remove', 'bookworm', 'amd64');
        await daemon.stop();
        removeDataDir(daemon);
      },
    };
  } catch (error) {
    await daemon.stop();
    removeDataDir(daemon);
    throw error;
  }
}

