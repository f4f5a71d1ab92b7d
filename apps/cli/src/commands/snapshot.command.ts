import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { print, printTable } from '../output.js';

interface Snapshot {
  name: string;
  position: number;
  createdAt: string;
}

interface SnapshotList {
  distribution: string;
  repository: string;
  refusal?: string;
  snapshots: Snapshot[];
}

interface SnapshotResult {
  distribution: string;
  snapshot?: Snapshot;
}

/** The sources.list line of a snapshot, as mini-buildd's sources_list --snapshot writes it. */
const snapshotLine = (api: ApiClient, list: { repository: string; distribution: string }, name: string) =>
  `deb ${new URL(`/repositories/${list.repository}/`, api.baseUrl).toString()} ${list.distribution}/snapshots/${name} main`;

/** mini-buildd's snapshot_ls, snapshot_create and snapshot_delete. */
export function registerSnapshots(program: Command, api: ApiClient): void {
  program
    .command('snapshot-ls <distribution>')
    .description('list the snapshots of a distribution: each is a name for a log position, served at dists/<distribution>/snapshots/<name>/')
    .option('--json', 'print JSON')
    .action(async (distribution: string, options: { json?: boolean }) => {
      const list = await api.get<SnapshotList>(`/api/snapshots/${encodeURIComponent(distribution)}`);
      if (options.json) return print(list, true);
      if (list.refusal) console.log(`(${list.refusal})`);
      printTable(list.snapshots.map((snapshot) => ({ name: snapshot.name, position: snapshot.position, created: snapshot.createdAt, line: snapshotLine(api, list, snapshot.name) })));
    });
  program
    .command('snapshot-create <distribution> <name>')
    .description('name a stable-type distribution as it is now, or as it was --at a past moment (a snapshot costs nothing: it names a log position)')
    .option('--at <time|position>', 'an ISO 8601 time (2026-11-30T12:00:00Z) or a global log position; default: now')
    .option('--json', 'print JSON')
    .action(async (distribution: string, name: string, options: { at?: string; json?: boolean }) => {
      const result = await api.post<SnapshotResult>('/api/snapshots', { distribution, name, ...(options.at === undefined ? {} : { at: options.at }) });
      if (options.json) return print(result, true);
      console.log(`snapshot ${name} of ${result.distribution} names log position ${result.snapshot?.position}`);
    });
  program
    .command('snapshot-delete <distribution> <name>')
    .description('stop publishing a snapshot')
    .option('--json', 'print JSON')
    .action(async (distribution: string, name: string, options: { json?: boolean }) => {
      const result = await api.request<SnapshotResult>('DELETE', `/api/snapshots/${encodeURIComponent(distribution)}/${encodeURIComponent(name)}`);
      if (options.json) return print(result, true);
      console.log(`snapshot ${name} of ${result.distribution} deleted`);
    });
}
