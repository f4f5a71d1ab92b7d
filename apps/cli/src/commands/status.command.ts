import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { print } from '../output.js';

export function registerStatus(program: Command, api: ApiClient): void {
  program
    .command('status')
    .description('show the daemon status: event store, projections, archive reactor, builds')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => print(await api.get('/api/status'), Boolean(options.json)));
}
