import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ApiClient } from '../api-client.js';
import { answer, print, printTable } from '../output.js';

/** The files a .changes lists (the `Files:` field), read without a Debian parser: names only. */
const listedFiles = (changes: string): string[] => {
  const field = /^Files:\s*\n((?:[ \t].*\n?)+)/m.exec(changes);
  return field ? field[1]!.trim().split('\n').map((line) => line.trim().split(/\s+/).at(-1)!) : [];
};

/** The parts of a repository's configuration its one-line summary shows. */
interface RepositorySummary {
  repository: string;
  layout: { name: string; suites: { name: string; uploadable: boolean; migratesTo: string | null }[] };
  codenames: { codename: string; architectures: { architecture: string; optional: boolean }[] }[];
  uploadPolicy: string;
  allowUnsignedUploads: boolean;
}

const summary = (config: RepositorySummary) => ({
  repository: config.repository,
  layout: config.layout.name,
  codenames: config.codenames.map(({ codename, architectures }) => `${codename} (${architectures.map(({ architecture, optional }) => (optional ? `${architecture}?` : architecture)).join(' ')})`).join(', '),
  suites: config.layout.suites.map(({ name, uploadable, migratesTo }) => `${name}${uploadable ? '*' : ''}${migratesTo ? `→${migratesTo}` : ''}`).join(' '),
  uploads: `${config.uploadPolicy}${config.allowUnsignedUploads ? ', unsigned allowed' : ''}`,
});

export function registerConfiguration(program: Command, api: ApiClient): void {
  program
    .command('repositories')
    .description('repositories and their configuration (--json: the whole configuration, as `mbd repository create` reads it)')
    .action(async () => answer(await api.get<RepositorySummary[]>('/api/repositories'), (repositories) => printTable(repositories.map(summary))));

  const repository = program.command('repository').description('create or change a repository from a JSON configuration');
  for (const action of ['create', 'change'] as const) {
    repository
      .command(`${action} <file>`)
      .description(`${action} the repository configured in <file> (JSON, as \`mbd repositories --json\` prints one)`)
      .action(async (file: string) => {
        const config = JSON.parse(await readFile(file, 'utf8')) as { repository: string };
        const path = action === 'create' ? '/api/repositories' : `/api/repositories/${encodeURIComponent(config.repository)}`;
        print(await api.request(action === 'create' ? 'POST' : 'PUT', path, { body: config }));
      });
  }

  const uploader = program.command('uploader').description('keys that may upload to a repository');
  uploader
    .command('list <repository>')
    .action(async (repository: string) => printTable(await api.get(`/api/repositories/${encodeURIComponent(repository)}/uploaders`)));
  uploader
    .command('add <repository> <keyfile>')
    .description('allow the ASCII-armored public key in <keyfile> to upload to <repository>')
    .action(async (repository: string, keyfile: string) =>
      print(await api.post(`/api/repositories/${encodeURIComponent(repository)}/uploaders`, { key: await readFile(keyfile, 'utf8') })),
    );
  uploader
    .command('remove <repository> <fingerprint>')
    .action(async (repository: string, fingerprint: string) =>
      print(await api.request('DELETE', `/api/repositories/${encodeURIComponent(repository)}/uploaders/${fingerprint}`)),
    );

  program
    .command('install <changes>')
    .description('install a prebuilt, signed binary .changes (and the files it lists) without building')
    .option('--distribution <name>', 'install into this distribution instead of the one the .changes names')
    .action(async (changesPath: string, options: { distribution?: string }) => {
      const text = await readFile(changesPath, 'utf8');
      const names = [basename(changesPath), ...listedFiles(text)];
      const files = await Promise.all(
        names.map(async (name) => ({ name, content: (await readFile(join(dirname(changesPath), name))).toString('base64') })),
      );
      const result = await api.post<{ refused?: string }>('/api/packages/install', { distribution: options.distribution, files });
      print(result);
      if (result.refused) process.exitCode = 1;
    });
}
