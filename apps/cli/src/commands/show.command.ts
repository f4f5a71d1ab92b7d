import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { print, printTable } from '../output.js';

/** What `GET /api/ls/<source>` answers (mini-buildd's ls). */
type LsListing = Record<string, Record<string, { version: string | null; component: string | null; rollbacks: Record<string, { version: string }> }>>;

/** What `GET /api/show/<source>` answers: ls with each distribution's state. */
type ShowListing = Record<
  string,
  Record<
    string,
    {
      version: string | null;
      component: string | null;
      dscPath: string | null;
      changes: { uploadId: string }[];
      uploadable: boolean;
      migratesTo: string | null;
      isMigrated: boolean;
      rollbacks: Record<string, { version: string; dscPath: string | null; changes: { uploadId: string }[] }>;
    }
  >
>;

interface ListingOptions {
  repositories?: string[];
  codenames?: string[];
  version?: string;
  minVersion?: string;
  json?: boolean;
}

/** mini-buildd's options of ls and show: lists are space-separated on the command line, comma-separated in HTTP. */
const withListingOptions = (command: Command): Command =>
  command
    .option('-R, --repositories <id...>', 'only these repositories')
    .option('-C, --codenames <codename...>', 'only these codenames')
    .option('-V, --version <version>', 'only this version')
    .option('-M, --min-version <version>', 'only versions at least this one')
    .option('--json', 'print JSON');

const query = (options: ListingOptions) => ({
  repositories: options.repositories?.join(','),
  codenames: options.codenames?.join(','),
  version: options.version,
  'min-version': options.minVersion,
});

const uploads = (changes: readonly { uploadId: string }[]): string => changes.map((change) => change.uploadId).join(' ');

/** ls as rows: each distribution, then its rollbacks. */
const lsRows = (listing: LsListing) =>
  Object.entries(listing).flatMap(([repository, distributions]) =>
    Object.entries(distributions).flatMap(([distribution, entry]) => [
      ...(entry.version === null ? [] : [{ repository, distribution, version: entry.version, component: entry.component ?? '?' }]),
      ...Object.entries(entry.rollbacks).map(([rollback, kept]) => ({ repository, distribution: rollback, version: kept.version, component: entry.component ?? '?' })),
    ]),
  );

/** show as rows: each distribution with its state, then its rollbacks. */
const showRows = (listing: ShowListing) =>
  Object.values(listing).flatMap((distributions) =>
    Object.entries(distributions).flatMap(([distribution, entry]) => [
      ...(entry.version === null
        ? []
        : [
            {
              distribution,
              version: entry.version,
              uploadable: entry.uploadable ? 'yes' : 'no',
              'migrates to': entry.migratesTo === null ? '' : `${entry.migratesTo}${entry.isMigrated ? ' (migrated)' : ''}`,
              upload: uploads(entry.changes),
              dsc: entry.dscPath ?? '',
            },
          ]),
      ...Object.entries(entry.rollbacks).map(([rollback, kept]) => ({
        distribution: rollback,
        version: kept.version,
        uploadable: 'no',
        'migrates to': '',
        upload: uploads(kept.changes),
        dsc: kept.dscPath ?? '',
      })),
    ]),
  );

/** `mbd ls`, `mbd show` and `mbd debdiff`: where a source is, its state there, and what changed between two versions. */
export function registerShow(program: Command, api: ApiClient): void {
  withListingOptions(program.command('ls <source>').description('where a source package is: version and component per distribution and rollback')).action(
    async (source: string, options: ListingOptions) => {
      const listing = await api.get<LsListing>(`/api/ls/${encodeURIComponent(source)}`, query(options));
      if (options.json) print(listing, true);
      else printTable(lsRows(listing));
    },
  );
  withListingOptions(
    program.command('show <source>').description('every version of a source per distribution: uploadable, migrates to, migrated, rollbacks, .dsc and upload'),
  ).action(async (source: string, options: ListingOptions) => {
    const listing = await api.get<ShowListing>(`/api/show/${encodeURIComponent(source)}`, query(options));
    if (options.json) print(listing, true);
    else printTable(showRows(listing));
  });
  program
    .command('debdiff <repository> <source>')
    .description("debdiff between two versions of a source in a repository's pool")
    .requiredOption('-a, --versiona <version>', 'the older version')
    .requiredOption('-b, --versionb <version>', 'the newer version')
    .option('--json', 'print JSON')
    .action(async (repository: string, source: string, options: { versiona: string; versionb: string; json?: boolean }) => {
      const result = await api.get<{ debdiff: string }>(`/api/debdiff/${encodeURIComponent(repository)}/${encodeURIComponent(source)}`, {
        versiona: options.versiona,
        versionb: options.versionb,
      });
      if (options.json) print(result, true);
      else process.stdout.write(result.debdiff.endsWith('\n') || result.debdiff === '' ? result.debdiff : `${result.debdiff}\n`);
    });
}
