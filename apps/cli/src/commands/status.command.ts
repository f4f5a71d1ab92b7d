import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { answer, print, printTable } from '../output.js';

interface FollowerStatus {
  name: string;
  state: string;
  position: number;
  lag: number;
  lastError?: string;
  parked: { position: number; eventType: string; reason: string }[];
}

/** The followers of the log as a table, then each parked event with the command that retries it. */
function printFollowers(followers: FollowerStatus[]): void {
  printTable(followers.map(({ name, state, position, lag, parked, lastError }) => ({ follower: name, state, position, lag, parked: parked.length, lastError: lastError ?? '' })));
  for (const follower of followers) {
    for (const parked of follower.parked) {
      console.log(`parked: ${follower.name}@${parked.position} (${parked.eventType}): ${parked.reason}\n  retry with: mbd retry ${follower.name}@${parked.position}`);
    }
  }
}

export function registerStatus(program: Command, api: ApiClient): void {
  program
    .command('status')
    .description(
      "show the daemon status: mini-buildd's identity, url, incoming_url, load, chroots and remotes, the event store, the followers of the log (position, lag, last error, parked events), projections, builds",
    )
    .option('-R, --with-repositories', "each repository's codenames and suites (uploadable, experimental, migrates_to)")
    .action(async (options: { withRepositories?: boolean }) => {
      const status = (await api.get('/api/status', options.withRepositories ? { with_repositories: 'true' } : {})) as Record<string, unknown> & { followers?: FollowerStatus[] };
      answer(status, ({ followers, ...rest }) => {
        print(rest);
        if (!Array.isArray(followers)) return;
        console.log('');
        printFollowers(followers);
      });
    });
}
