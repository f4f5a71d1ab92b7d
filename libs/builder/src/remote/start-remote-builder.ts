import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadOrCreateArchiveKey, type ArchiveKey } from '@mbd/gpg';
import { BuilderPool } from '../build/builder-pool.js';
import { ChrootManager } from '../chroot/chroot-manager.js';
import { SbuildBuilder } from '../sbuild/sbuild.adapter.js';
import { BuilderDaemonClient } from './builder-daemon-client.js';
import { RemoteBuilder } from './remote-builder.js';

export interface RemoteBuilderSettings {
  /** The daemon's URL (`http://host:8066`). */
  readonly daemon: string;
  /** A builder account's token (or, before accounts exist, the admin token). */
  readonly token: string;
  readonly name: string;
  readonly dataDir: string;
  readonly slots: number;
  /** Chroots to make when missing, `<codename>:<architecture>`, from `mirror`. */
  readonly chroots: readonly { readonly codename: string; readonly architecture: string }[];
  readonly mirror: string;
  readonly buildLogMaxBytes?: number;
  readonly heartbeatMs?: number;
  readonly report?: (line: string) => void;
}

/** The file a builder writes its public key to, for the admin who approves it. */
export const builderKeyFileName = 'builder-key.asc';

/** The builder's own OpenPGP key (`<data dir>/key/archive-key.asc`, made on first start); its public half in `<data dir>/builder-key.asc`. */
export async function loadOrCreateBuilderKey(dataDir: string, name: string): Promise<ArchiveKey> {
  const key = await loadOrCreateArchiveKey(join(dataDir, 'key'), { name: `mbd builder ${name}` });
  await writeFile(join(dataDir, builderKeyFileName), key.publicArmored);
  return key;
}

/**
 * The schroot name prefix of builder `name`'s chroots: `mbd-builder-<name>-<8 hex digits of its data
 * directory's SHA-256>`, so that builders (also two of one name, or one started again with a new data
 * directory) and a daemon on one machine never share one (as the daemon's own chrootPrefix).
 */
export const builderChrootPrefix = (name: string, dataDir: string): string => `mbd-builder-${name}-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 8)}`;

/**
 * Starts the builder role: its key, its chroots (under `<data dir>/chroots`, schroot names
 * `<builderChrootPrefix>-<codename>-<arch>`), sbuild with `slots` builds at once, and the loop of
 * RemoteBuilder.
 */
export async function startRemoteBuilder(settings: RemoteBuilderSettings): Promise<{ builder: RemoteBuilder; key: ArchiveKey; stop: () => Promise<void> }> {
  const report = settings.report ?? ((line: string) => console.log(line));
  const key = await loadOrCreateBuilderKey(settings.dataDir, settings.name);
  report(`builder ${settings.name}: key ${key.fingerprint} (public key in ${join(settings.dataDir, builderKeyFileName)})`);
  const chroots = new ChrootManager({ dir: join(settings.dataDir, 'chroots'), namePrefix: builderChrootPrefix(settings.name, settings.dataDir) });
  const ended = await chroots.endStaleSessions();
  if (ended.length > 0) report(`ended ${ended.length} schroot session(s) a previous run left open`);
  for (const { codename, architecture } of settings.chroots) {
    if (await chroots.get(codename, architecture)) continue;
    report(`making the chroot ${codename}/${architecture} from ${settings.mirror}`);
    await chroots.create({ codename, architecture, mirror: settings.mirror });
  }
  const sbuild = new SbuildBuilder({ chroots, name: settings.name, ...(settings.buildLogMaxBytes ? { logMaxBytes: settings.buildLogMaxBytes } : {}) });
  const builder = new RemoteBuilder({
    client: new BuilderDaemonClient(settings.daemon, settings.token, settings.name),
    builder: new BuilderPool(sbuild, settings.slots),
    chroots,
    key,
    slots: settings.slots,
    workDir: join(settings.dataDir, 'work'),
    ...(settings.heartbeatMs ? { heartbeatMs: settings.heartbeatMs } : {}),
    report,
  });
  await builder.start();
  return { builder, key, stop: () => builder.stop() };
}
