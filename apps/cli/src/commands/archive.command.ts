import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { answer, print, printTable } from '../output.js';

/** `--at` is an ISO time, `--position` a global log position. */
const bound = (options: { at?: string; position?: string }) => ({
  at: options.at,
  position: options.position === undefined ? undefined : Number(options.position),
});

export function registerArchive(program: Command, api: ApiClient): void {
  const archive = program.command('archive').description('the APT repositories: replay and time travel');
  archive
    .command('rebuild')
    .description('build a reprepro tree from the log alone (now, or as of a time or position)')
    .option('--at <time>', 'as of this ISO time')
    .option('--position <n>', 'as of this log position')
    .option('--out <dir>', 'target directory on the daemon host (default: a fresh cache dir)')
    .option('--repository <id>', 'repository id', 'test')
    .action(async (options: { at?: string; position?: string; out?: string; repository: string }) =>
      print(await api.post('/api/archive/rebuild', { ...bound(options), out: options.out, repository: options.repository })),
    );
  archive
    .command('diff <from> <to>')
    .description('what entered and left each distribution between two times or positions, and why')
    .action(async (from: string, to: string) => {
      const diff = await api.get<{ from: number; to: number; entries: { distribution: string; source: string; change: string; before?: string; after?: string; causes: { position: number; type: string; correlationId: string }[] }[] }>('/api/archive/diff', { from, to });
      answer(diff, () => {
        console.log(`positions ${diff.from} → ${diff.to}`);
        printTable(
          diff.entries.map((entry) => ({
          distribution: entry.distribution,
          source: entry.source,
          change: entry.change,
          before: entry.before ?? '',
          after: entry.after ?? '',
          causes: entry.causes.map((cause) => `${cause.type}@${cause.position} (${cause.correlationId})`).join(', '),
          })),
        );
      });
    });
  archive
    .command('list [distribution]')
    .description('source and binary versions per distribution')
    .action(async (distribution: string | undefined) => printTable(await api.get('/api/packages', { distribution })));
}

export function registerPackages(program: Command, api: ApiClient): void {
  program
    .command('migrate <distribution> <source>')
    .description('migrate a source package to the next suite (unstable → testing → stable)')
    .option('--version <version>', 'the version to migrate (default: the current one)')
    .option('--full', 'migrate along the whole chain')
    .action(async (distribution: string, source: string, options: { version?: string; full?: boolean }) =>
      print(await api.post('/api/packages/migrate', { distribution, source, version: options.version, full: Boolean(options.full) })),
    );
  program
    .command('remove <distribution> <source>')
    .description('remove a source package and its binaries from a distribution')
    .option('--version <version>')
    .option('--reason <text>')
    .action(async (distribution: string, source: string, options: { version?: string; reason?: string }) =>
      print(await api.post('/api/packages/remove', { distribution, source, ...options })),
    );
  program
    .command('rollback <distribution> <source> <rollback>')
    .description('restore the version kept in <distribution>-rollback<rollback>')
    .action(async (distribution: string, source: string, rollback: string) =>
      print(await api.post('/api/packages/rollback', { distribution, source, rollback: Number(rollback) })),
    );
  program
    .command('builds')
    .description('the build queue')
    .action(async () => printTable(await api.get('/api/builds')));
  program
    .command('retry <build|follower@position>')
    .description('retry a failed build, or hand an event a follower parked back to it (e.g. archive@42; `mbd status` lists them)')
    .action(async (target: string) => {
      const parked = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(target);
      const path = parked ? `/api/followers/${parked[1]}/parked/${parked[2]}/retry` : `/api/builds/${encodeURIComponent(target)}/retry`;
      print(await api.post(path));
    });
  program
    .command('cancel <buildId>')
    .description('cancel a waiting or running build')
    .action(async (buildId: string) => print(await api.post(`/api/builds/${encodeURIComponent(buildId)}/cancel`)));
}

export function registerChroots(program: Command, api: ApiClient): void {
  const chroot = program.command('chroot').description('build chroots (mmdebstrap tarballs used by sbuild)');
  chroot.command('list').action(async () => printTable(await api.get('/api/chroots')));
  for (const action of ['create', 'update', 'remove'] as const) {
    chroot
      .command(`${action} <codename> <architecture>`)
      .description(`${action} the chroot for a codename and architecture`)
      .action(async (codename: string, architecture: string) =>
        print(await api.post(`/api/chroots/${action}`, { codename, architecture })),
      );
  }
}
