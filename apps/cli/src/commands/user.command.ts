import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { answer, printTable } from '../output.js';

interface UserKey {
  fingerprint: string;
  state: 'submitted' | 'approved';
  repositories: string[];
}

interface User {
  name: string;
  role: string;
  email?: string;
  state: 'pending' | 'active' | 'disabled';
  keys: UserKey[];
}

const userLine = (user: User) => `${user.name} (${user.role}, ${user.state})${user.email ? ` <${user.email}>` : ''}`;
const path = (name: string) => `/api/users/${encodeURIComponent(name)}`;

/** Accounts: `mbd user add|list|approve|disable|role|key`, `mbd register` and mini-buildd's `set_user_key`. */
export function registerUsers(program: Command, api: ApiClient): void {
  const user = program.command('user').description('accounts (admin): add, list, approve, disable, change the role of users; approve their keys');
  user
    .command('add <name>')
    .description('create an active account; then issue it a token with `mbd token issue --user <name>`')
    .option('--role <role>', 'admin, staff, maintainer or builder', 'maintainer')
    .option('--email <address>', 'where its mails go')
    .action(async (name: string, options: { role: string; email?: string }) => {
      const created = await api.post<User>('/api/users', { name, role: options.role, ...(options.email === undefined ? {} : { email: options.email }) });
      answer(created, (shown) => console.log(`created ${userLine(shown)}`));
    });
  user
    .command('list')
    .description('every account with its role, state and keys')
    .action(async () => {
      const users = await api.get<User[]>('/api/users');
      answer(users, (shown) =>
        printTable(shown.map((entry) => ({ name: entry.name, role: entry.role, state: entry.state, email: entry.email ?? '', keys: entry.keys.map((key) => `${key.fingerprint} (${key.state})`).join(', ') }))),
      );
    });
  user
    .command('approve <name>')
    .description('approve a registered account (or enable a disabled one): its tokens work from now on')
    .action(async (name: string) => answer(await api.post<User>(`${path(name)}/approve`), (shown) => console.log(`approved ${userLine(shown)}`)));
  user
    .command('disable <name>')
    .description('disable an account: its tokens and page sessions stop working at once')
    .option('--reason <text>', 'why (kept in the log)')
    .action(async (name: string, options: { reason?: string }) =>
      answer(await api.post<User>(`${path(name)}/disable`, options.reason === undefined ? {} : { reason: options.reason }), (shown) => console.log(`disabled ${userLine(shown)}`)),
    );
  user
    .command('role <name> <role>')
    .description('give an account another role (admin, staff, maintainer, builder)')
    .action(async (name: string, role: string) =>
      answer(await api.request<User>('PUT', `${path(name)}/role`, { body: { role } }), (shown) => console.log(`${userLine(shown)}`)),
    );
  const key = user.command('key').description("a user's OpenPGP keys (set_user_key): approve or reject");
  key
    .command('approve <user> <fingerprint>')
    .description('approve a submitted key: it becomes an uploader key of each repository given')
    .option('-R, --repository <repository...>', 'the repositories it may upload to (none: approved, uploading nowhere — a builder’s key)')
    .action(async (name: string, fingerprint: string, options: { repository?: string[] }) => {
      const approved = await api.post<UserKey>(`${path(name)}/keys/${encodeURIComponent(fingerprint)}/approve`, { repositories: options.repository ?? [] });
      answer(approved, (shown) => console.log(`key ${shown.fingerprint} of ${name} approved${shown.repositories.length > 0 ? `; it may upload to ${shown.repositories.join(', ')}` : ''}`));
    });
  key
    .command('reject <user> <fingerprint>')
    .description('reject a key (an approved one loses its upload rights)')
    .option('--reason <text>', 'why')
    .action(async (name: string, fingerprint: string, options: { reason?: string }) => {
      const rejected = await api.post<{ fingerprint: string }>(`${path(name)}/keys/${encodeURIComponent(fingerprint)}/reject`, options.reason === undefined ? {} : { reason: options.reason });
      answer(rejected, () => console.log(`key ${fingerprint} of ${name} rejected`));
    });
  key
    .command('list <user>')
    .description("a user's keys and where they may upload")
    .action(async (name: string) => {
      const keys = await api.get<UserKey[]>(`${path(name)}/keys`);
      answer(keys, (shown) => printTable(shown.map((entry) => ({ fingerprint: entry.fingerprint, state: entry.state, repositories: entry.repositories.join(', ') }))));
    });

  program
    .command('register <name> <email>')
    .description('ask for an account (no token needed): it waits for an admin’s approval; prints its first token, once')
    .action(async (name: string, email: string) => {
      const registered = await api.post<{ name: string; token: string; tokenId: string }>('/api/users/register', { name, email });
      answer(registered, (shown) => {
        console.log(`registered ${shown.name}: pending until an admin approves it (mbd user approve ${shown.name})`);
        console.log(`your token (shown only now; set MBD_TOKEN to it): ${shown.token}`);
      });
    });
  program
    .command('set-user-key <key.asc>')
    .description("set_user_key: submit your OpenPGP public key (ASCII-armored file); an admin approves it for repositories (mbd user key approve)")
    .option('--user <name>', 'whose key (an admin for another user); default: yours')
    .action(async (file: string, options: { user?: string }) => {
      const armored = await readFile(file, 'utf8');
      const name = options.user ?? (await api.get<{ name: string }>('/api/whoami')).name;
      const submitted = await api.post<{ user: string; fingerprint: string; state: string }>(`${path(name)}/keys`, { key: armored });
      answer(submitted, (shown) => console.log(`key ${shown.fingerprint} of ${shown.user} submitted; an admin approves it with: mbd user key approve ${shown.user} ${shown.fingerprint} -R <repository>`));
    });
  program
    .command('whoami')
    .description('who your token is: name, role and its limits')
    .action(async () => answer(await api.get<Record<string, unknown>>('/api/whoami')));
}
