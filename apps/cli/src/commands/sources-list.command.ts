import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { collectList as collect } from '../list-option.js';
import { answer } from '../output.js';


interface SourcesListOptions {
  repositories?: string[];
  codenames?: string[];
  suites?: string[];
  types?: string[];
  rollbacks?: string;
  snapshot?: string;
  mirror?: string;
  options?: string[];
  sources?: string;
}

/** The repositories asked for, or every repository of the daemon. */
const repositoriesOf = async (api: ApiClient, asked: string[] | undefined): Promise<string[]> =>
  asked ?? (await api.get<{ repository: string }[]>('/api/repositories')).map((config) => config.repository);

const joined = (values: string[] | undefined) => (values === undefined ? undefined : values.join(','));

/** mini-buildd's sources_list and dput_conf: the snippets the daemon serves beside each repository. */
export function registerSourcesList(program: Command, api: ApiClient): void {
  program
    .command('sources-list')
    .description("APT lines for the daemon's repositories, as mini-buildd's sources_list (every codename and suite by default)")
    .option('-R, --repositories <ids>', 'only these repositories', collect)
    .option('-C, --codenames <codenames>', 'only these codenames', collect)
    .option('-S, --suites <suites>', 'only these suites', collect)
    .option('-T, --types <types>', 'deb, deb-src (default both)', collect)
    .option('-r, --rollbacks <n>', 'also N rollback distributions per suite (-1: all)')
    .option('-P, --snapshot <name>', "a snapshot's lines (the distributions that have it)")
    .option('-M, --mirror <url>', "a mirror's URL instead of the daemon's")
    .option('-O, --options <key=value>', 'more APT options (check-valid-until=no)', collect)
    .option('--sources <codename>', 'a deb822 .sources file of one codename (the archive key embedded) instead of one-line entries')
    .action(async (options: SourcesListOptions) => {
      const query = {
        codenames: joined(options.codenames),
        suites: joined(options.suites),
        types: joined(options.types),
        rollbacks: options.rollbacks,
        snapshot: options.snapshot,
        mirror: options.mirror,
        options: joined(options.options),
      };
      const snippets: { repository: string; text: string }[] = [];
      for (const repository of await repositoriesOf(api, options.repositories)) {
        const id = encodeURIComponent(repository);
        const path = options.sources === undefined ? `/repositories/${id}/sources.list` : `/repositories/${id}/${encodeURIComponent(options.sources)}.sources`;
        const text = await api.get<string>(path, options.sources === undefined ? query : { ...query, codenames: undefined });
        snippets.push({ repository, text: String(text) });
      }
      answer(snippets, (shown) => process.stdout.write(shown.map((snippet) => snippet.text).join(options.sources === undefined ? '' : '\n')));
    });
  program
    .command('dput-conf')
    .description("dput.cf sections for the daemon's repositories, or with -N a dput-ng profile (mini-buildd's dput_conf)")
    .option('-R, --repositories <ids>', 'only these repositories', collect)
    .option('-N, --dput-ng-profile', 'a dput-ng profile (JSON) instead of a dput.cf section')
    .option('--method <ftp|http>', 'the dput-ng profile uploads by FTP (default) or over HTTP (PUT /upload/<name>)', 'ftp')
    .action(async (options: { repositories?: string[]; dputNgProfile?: boolean; method: string }) => {
      const snippets: { repository: string; text: string }[] = [];
      for (const repository of await repositoriesOf(api, options.repositories)) {
        const id = encodeURIComponent(repository);
        const text = options.dputNgProfile ? await api.get<unknown>(`/repositories/${id}/dput-ng.json`, { method: options.method }) : await api.get<string>(`/repositories/${id}/dput.cf`);
        snippets.push({ repository, text: typeof text === 'string' ? text : `${JSON.stringify(text, null, 2)}\n` });
      }
      answer(snippets, (shown) => process.stdout.write(shown.map((snippet) => snippet.text).join('\n')));
    });
}
