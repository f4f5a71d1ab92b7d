import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { print, printTable } from '../output.js';

interface Subscription {
  user: string;
  source: string;
  distribution: string;
  address?: string;
}

/** mini-buildd's subscribe, unsubscribe and subscriptions (`*`: every source or distribution). */
export function registerSubscriptions(program: Command, api: ApiClient): void {
  program
    .command('subscribe [source] [distribution]')
    .description('be mailed when a source (default *: every one) is rejected, fails to build, is installed, migrated or removed in a distribution (default *)')
    .option('--address <address>', 'mail this address instead of your account’s (admin only)')
    .option('--json', 'print JSON')
    .action(async (source: string | undefined, distribution: string | undefined, options: { address?: string; json?: boolean }) => {
      const body = { source: source ?? '*', distribution: distribution ?? '*', ...(options.address === undefined ? {} : { address: options.address }) };
      const result = await api.post<Subscription>('/api/subscriptions', body);
      if (options.json) return print(result, true);
      console.log(`subscribed ${result.user} <${result.address}> to ${result.source} in ${result.distribution}`);
    });
  program
    .command('unsubscribe [source] [distribution]')
    .description('stop one of your subscriptions (default *: the one to every source or distribution)')
    .option('--json', 'print JSON')
    .action(async (source: string | undefined, distribution: string | undefined, options: { json?: boolean }) => {
      const result = await api.request<Subscription>('DELETE', '/api/subscriptions', { body: { source: source ?? '*', distribution: distribution ?? '*' } });
      if (options.json) return print(result, true);
      console.log(`unsubscribed ${result.user} from ${result.source} in ${result.distribution}`);
    });
  program
    .command('subscriptions')
    .description('list your subscriptions (an admin sees everyone’s)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await api.get<Subscription[]>('/api/subscriptions');
      if (options.json) return print(list, true);
      if (list.length === 0) return console.log('(no subscriptions)');
      printTable(list.map(({ user, source, distribution, address }) => ({ user, source, distribution, address })));
    });
}
