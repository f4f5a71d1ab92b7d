import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { answer, isJson, print, printTable } from '../output.js';

interface AuditEntry {
  position: number;
  occurredAt: string;
  streamId: string;
  type: string;
  actor: string;
  correlationId: string;
}

const row = (entry: AuditEntry) => ({
  position: entry.position,
  time: entry.occurredAt,
  stream: entry.streamId,
  type: entry.type,
  actor: entry.actor,
  correlation: entry.correlationId,
});

export function registerEvents(program: Command, api: ApiClient): void {
  program
    .command('events')
    .description('list the audit log (every event), optionally following new ones live')
    .option('--stream <id>', 'only this stream, e.g. upload-<id> or dist-bookworm-test-unstable')
    .option('--type <type>', 'only this event type, e.g. PackageInstalled')
    .option('--actor <actor>', 'only events caused by this actor')
    .option('--correlation <id>', 'only events of this upload or command')
    .option('--since <time>', 'ISO time, inclusive')
    .option('--until <time>', 'ISO time, inclusive')
    .option('--after <position>', 'only events after this global position')
    .option('--limit <n>', 'at most n events', '100')
    .option('-f, --follow', 'keep following new events (with --json: one JSON event a line, the first page too)')
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const query = {
        stream: options.stream as string | undefined,
        type: options.type as string | undefined,
        actor: options.actor as string | undefined,
        correlationId: options.correlation as string | undefined,
        since: options.since as string | undefined,
        until: options.until as string | undefined,
        after: options.after as string | undefined,
        limit: options.limit as string | undefined,
      };
      const page = await api.get<{ items: AuditEntry[]; nextAfter: number | null }>('/api/events', query);
      if (options.follow && isJson()) page.items.forEach((entry) => console.log(JSON.stringify(entry)));
      else answer(page.items, (items) => printTable(items.map(row)));
      if (!options.follow) return;
      const after = page.items.at(-1)?.position ?? Number(options.after ?? 0);
      for await (const message of api.stream('/api/events/stream', { ...query, after, limit: undefined })) {
        const entry = JSON.parse(message.data) as AuditEntry;
        if (isJson()) console.log(JSON.stringify(entry));
        else console.log(Object.values(row(entry)).join('  '));
      }
    });

  program
    .command('verify-log')
    .description('recompute the hash chain of the event log and report the first broken position')
    .action(async () => {
      const result = await api.get<{ ok: boolean; count?: number; position?: number; reason?: string }>('/api/log/verify');
      answer(result, ({ ok, count, position, reason }) =>
        console.log(ok ? `log verified: ${count} events, hash chain intact` : `log BROKEN at position ${position}: ${reason}`),
      );
      if (!result.ok) process.exitCode = 1;
    });

  const projections = program.command('projections').description('read models');
  projections
    .command('list')
    .description('list projections and their checkpoints')
    .action(async () => printTable(await api.get('/api/projections')));
  projections
    .command('rebuild [name]')
    .description('rebuild one projection (or all) from the log')
    .action(async (name: string | undefined) => print(await api.post('/api/projections/rebuild', { name })));
}
