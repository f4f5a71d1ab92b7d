import { hostname } from 'node:os';
import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { collectList } from '../list-option.js';
import { answer, printTable } from '../output.js';

interface BuilderRow {
  name: string;
  state: string;
  architectures: string[];
  codenames: string[];
  slots: number;
  running: string[];
  load: number;
  lastSeen: number;
  approved: boolean;
  fingerprint: string;
}

/** A default builder name from the host name: lowercase letters, digits, . and -. */
const defaultName = (): string => hostname().toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'builder';

/** `<codename>:<architecture>` → its parts. */
const chrootOf = (value: string): { codename: string; architecture: string } => {
  const [codename, architecture, ...rest] = value.split(':');
  if (!codename || !architecture || rest.length > 0) throw new Error(`--chroot ${value}: expected <codename>:<architecture>, e.g. bookworm:amd64`);
  return { codename, architecture };
};

/**
 * `mbd builder` runs this machine as a remote builder of a daemon (its own chroots and key, builds
 * claimed from the daemon); `mbd builders` lists a daemon's builders; `mbd builder-approve` approves
 * the key a builder registered.
 */
export function registerBuilders(program: Command, api: ApiClient): void {
  program
    .command('builder')
    .description(
      "run as a remote builder of the daemon: register its chroots' architectures and codenames, heartbeat, claim builds, fetch their sources, run sbuild in its own chroots and return the results signed with its own key (made on first start into <data dir>/builder-key.asc)",
    )
    .option('--daemon <url>', 'the daemon (default MBD_URL)')
    .option('--token <token>', "the builder account's token (default MBD_TOKEN)")
    .option('--name <name>', "the builder's name (its account's name)", defaultName())
    .option('--data-dir <dir>', 'its key, chroots and work directory', '/var/lib/mbd-builder')
    .option('--slots <n>', 'builds at once', '1')
    .option('--chroot <codename:architecture>', 'a chroot to make when missing (repeatable); the builder offers every chroot it has', collectList, [])
    .option('--mirror <url>', 'the Debian mirror new chroots are made from', process.env.MBD_MIRROR ?? 'http://deb.debian.org/debian')
    .action(async (options: { daemon?: string; token?: string; name: string; dataDir: string; slots: string; chroot: string[]; mirror: string }) => {
      const token = options.token ?? process.env.MBD_TOKEN;
      if (!token) throw new Error('mbd builder needs a builder token: --token or MBD_TOKEN');
      const slots = Number(options.slots);
      if (!Number.isInteger(slots) || slots < 1) throw new Error(`--slots ${options.slots}: a whole number of at least 1`);
      const { startRemoteBuilder } = await import('@mbd/builder');
      const running = await startRemoteBuilder({
        daemon: options.daemon ?? api.baseUrl,
        token,
        name: options.name,
        dataDir: options.dataDir,
        slots,
        chroots: options.chroot.map(chrootOf),
        mirror: options.mirror,
      });
      await new Promise<void>((resolve) => {
        const stop = () => void running.stop().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('builders')
    .description("list the daemon's remote builders: state (online/offline), architectures, codenames, slots, running builds, load, last seen, whether its key is approved")
    .action(async () => {
      const builders = await api.get<BuilderRow[]>('/api/builders');
      answer(builders, (rows) =>
        printTable(
          rows.map((row) => ({
            builder: row.name,
            state: row.state,
            architectures: row.architectures.join(' '),
            codenames: row.codenames.join(' '),
            slots: row.slots,
            running: row.running.length,
            load: row.load.toFixed(2),
            lastSeen: new Date(row.lastSeen).toISOString(),
            key: `${row.fingerprint}${row.approved ? '' : ' (not approved)'}`,
          })),
        ),
      );
    });

  program
    .command('builder-approve')
    .description('approve the key a remote builder registered: it may then take builds, and its signed results are taken')
    .argument('<name>', 'the builder')
    .argument('<fingerprint>', 'the key it registered (mbd builders shows it)')
    .action(async (name: string, fingerprint: string) => {
      answer(await api.post(`/api/builders/${encodeURIComponent(name)}/approve`, { fingerprint: fingerprint.replace(/\s/g, '').toUpperCase() }));
    });
}
