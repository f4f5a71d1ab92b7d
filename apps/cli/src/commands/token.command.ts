import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { answer, printTable } from '../output.js';

interface TokenInfo {
  id: string;
  user: string;
  name: string;
  role?: string;
  repositories?: string[];
  readOnly?: boolean;
  expires?: string;
  issuedAt: string;
}

const limits = (token: TokenInfo) =>
  [token.role, token.readOnly ? 'read-only' : undefined, token.repositories ? `only ${token.repositories.join(',')}` : undefined, token.expires ? `until ${token.expires}` : undefined]
    .filter((part) => part !== undefined)
    .join('; ');

/** Personal API tokens: `mbd token issue|list|revoke`. */
export function registerTokens(program: Command, api: ApiClient): void {
  const token = program.command('token').description('your API tokens: issue (shown once), list (never the secrets), revoke');
  token
    .command('issue <name>')
    .description('issue a token named <name> (laptop, ci…); it is printed once and stored only as a hash')
    .option('--user <name>', 'for another user (admin only; builders get their tokens this way)')
    .option('--role <role>', 'act with this lesser role')
    .option('-R, --repository <repository...>', 'limit the token to these repositories')
    .option('--read-only', 'the token makes no changes')
    .option('--expires <time>', 'ISO 8601 time the token stops working (2027-01-01T00:00:00Z)')
    .action(async (name: string, options: { user?: string; role?: string; repository?: string[]; readOnly?: boolean; expires?: string }) => {
      const issued = await api.post<TokenInfo & { token: string }>('/api/tokens', {
        name,
        ...(options.user === undefined ? {} : { user: options.user }),
        ...(options.role === undefined ? {} : { role: options.role }),
        ...(options.repository === undefined ? {} : { repositories: options.repository }),
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(options.expires === undefined ? {} : { expires: options.expires }),
      });
      answer(issued, (shown) => {
        console.log(`token ${shown.id} (${shown.name}) of ${shown.user}${limits(shown) ? `: ${limits(shown)}` : ''}`);
        console.log(`the token (shown only now): ${shown.token}`);
      });
    });
  token
    .command('list')
    .description('your tokens in use (an admin: everyone’s, or --user’s)')
    .option('--user <name>', 'the tokens of this user (admin only)')
    .action(async (options: { user?: string }) => {
      const tokens = await api.get<TokenInfo[]>('/api/tokens', options.user === undefined ? {} : { user: options.user });
      answer(tokens, (shown) => printTable(shown.map((entry) => ({ id: entry.id, user: entry.user, name: entry.name, limits: limits(entry), issued: entry.issuedAt }))));
    });
  token
    .command('revoke <id>')
    .description('revoke a token: it is refused from the next request on')
    .action(async (id: string) => answer(await api.request<{ id: string; user: string }>('DELETE', `/api/tokens/${encodeURIComponent(id)}`), (shown) => console.log(`token ${shown.id} of ${shown.user} revoked`)));
}
