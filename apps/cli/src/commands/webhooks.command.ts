import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { collectList } from '../list-option.js';
import { print, printTable } from '../output.js';

interface Webhook {
  url: string;
  events?: string[];
}

interface Delivery {
  outcome: 'sent' | 'failed';
  channel: string;
  target: string;
  position: number;
  eventType?: string;
  attempts: number;
  error?: string;
  at: string;
}

/** The admin's webhooks (signed JSON POSTs of notified events) and the record of notification deliveries. */
export function registerWebhooks(program: Command, api: ApiClient): void {
  program
    .command('webhook-add <url>')
    .description('POST every rejection, failed build, install, migration and removal to <url> as JSON signed with MBD_WEBHOOK_SECRET (X-Mbd-Signature)')
    .option('--events <types>', 'only these events (comma-separated: UploadRejected,BuildFailed,PackageInstalled,PackageMigrated,PackageRemoved)', collectList, [])
    .option('--json', 'print JSON')
    .action(async (url: string, options: { events: string[]; json?: boolean }) => {
      const result = await api.post<Webhook>('/api/webhooks', { url, ...(options.events.length > 0 ? { events: options.events } : {}) });
      if (options.json) return print(result, true);
      console.log(`webhook ${result.url} added (${result.events?.join(', ') ?? 'every notified event'})`);
    });
  program
    .command('webhook-remove <url>')
    .description('remove a webhook')
    .option('--json', 'print JSON')
    .action(async (url: string, options: { json?: boolean }) => {
      const result = await api.request<Webhook>('DELETE', '/api/webhooks', { body: { url } });
      if (options.json) return print(result, true);
      console.log(`webhook ${result.url} removed`);
    });
  program
    .command('webhooks')
    .description('list the webhooks')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await api.get<Webhook[]>('/api/webhooks');
      if (options.json) return print(list, true);
      if (list.length === 0) return console.log('(no webhooks)');
      printTable(list.map(({ url, events }) => ({ url, events: events?.join(',') ?? '*' })));
    });
  program
    .command('notifications')
    .description('the latest mail and webhook deliveries, newest first, with the error of each failure')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await api.get<Delivery[]>('/api/notifications');
      if (options.json) return print(list, true);
      if (list.length === 0) return console.log('(no notifications sent yet)');
      printTable(list.map(({ at, outcome, channel, target, position, eventType, attempts, error }) => ({ at, outcome, channel, target, event: `${eventType ?? '?'}@${position}`, attempts, error: error ?? '' })));
    });
}
