import { assertNever, eventMetadata } from '@mbd/archive';
import {
  TokenIssued,
  TokenRevoked,
  UserApproved,
  UserCommandRefused,
  UserCreated,
  UserDisabled,
  UserKeyApproved,
  UserKeyRejected,
  UserKeySubmitted,
  UserRegistered,
  UserRoleChanged,
  type Decider,
  type EventMetadata,
  type UserEvent,
  type UserRefusalReason,
} from '@mbd/events';
import { ADMIN_PRINCIPAL } from '../auth/principal.js';
import { actsAsAdmin, roleAllows } from '../auth/roles.js';
import { evolveUserAccount, initialUserAccount, type UserAccountState } from './user-account.js';
import { userOfCommand, type NewToken, type UsersCommand } from './users.commands.js';

/** Tokens in use (not revoked) one account may hold at once. */
export const MAX_TOKENS_PER_USER = 50;
/** Keys (submitted or approved) one account may hold at once. */
export const MAX_KEYS_PER_USER = 10;

const commandNames: Record<UsersCommand['type'], string> = {
  RegisterUser: 'register',
  CreateUser: 'user add',
  ApproveUser: 'user approve',
  DisableUser: 'user disable',
  ChangeUserRole: 'user role',
  IssueToken: 'token issue',
  RevokeToken: 'token revoke',
  SubmitUserKey: 'set_user_key',
  ApproveUserKey: 'user key approve',
  RejectUserKey: 'user key reject',
};

const refuse = (command: UsersCommand, reason: UserRefusalReason, message: string): UserEvent[] => [
  UserCommandRefused.create({ command: commandNames[command.type], user: userOfCommand(command), reason, message }, eventMetadata(command.metadata)),
];

const isAdmin = (command: UsersCommand) => actsAsAdmin(command.caller);
/** The caller is the account's own user, or an admin. */
const isSelfOrAdmin = (command: UsersCommand, user: string) => isAdmin(command) || command.caller?.name === user;

const tokenIssued = (user: string, token: NewToken, metadata: EventMetadata) =>
  TokenIssued.create(
    {
      id: token.id,
      user,
      name: token.name,
      sha256: token.sha256,
      ...(token.role === undefined ? {} : { role: token.role }),
      ...(token.repositories === undefined ? {} : { repositories: [...token.repositories] }),
      ...(token.readOnly ? { readOnly: true } : {}),
      ...(token.expires === undefined ? {} : { expires: token.expires }),
    },
    metadata,
  );

/** Why `token` cannot be issued to `account`, or undefined. */
const tokenProblem = (account: UserAccountState, token: NewToken, now: string): string | undefined => {
  if (token.role !== undefined && !roleAllows(account.role, token.role)) return `a token of ${account.name} (${account.role}) cannot have the ${token.role} role`;
  if (token.expires !== undefined && token.expires <= now) return `the token would expire at ${token.expires}, which has passed`;
  const inUse = [...account.tokens.values()].filter((existing) => !existing.revoked);
  if (inUse.length >= MAX_TOKENS_PER_USER) return `${account.name} has ${inUse.length} tokens in use, the most there may be: revoke one first`;
  if (inUse.some((existing) => existing.name === token.name)) return `${account.name} already has a token named ${JSON.stringify(token.name)}: revoke it or choose another name`;
  if (account.tokens.has(token.id)) return `a token ${token.id} exists already`;
  return undefined;
};

const decide = (command: UsersCommand, account: UserAccountState): UserEvent[] => {
  const metadata = eventMetadata(command.metadata);
  const user = userOfCommand(command);
  const adminOnly = () => refuse(command, 'forbidden', `only an admin may ${commandNames[command.type]} (you are ${command.caller?.name ?? 'not signed in'}, ${command.caller?.role ?? 'anonymous'})`);
  const absent = () => refuse(command, 'user-absent', `there is no user ${user}`);
  switch (command.type) {
    case 'RegisterUser': {
      if (user === ADMIN_PRINCIPAL.name) return refuse(command, 'user-exists', `the name ${user} is taken`);
      if (account.state !== 'absent') return refuse(command, 'user-exists', `the name ${user} is taken`);
      return [UserRegistered.create({ name: user, email: command.data.email }, metadata), tokenIssued(user, command.data.token, metadata)];
    }
    case 'CreateUser': {
      if (!isAdmin(command)) return adminOnly();
      if (user === ADMIN_PRINCIPAL.name) return refuse(command, 'user-exists', `${user} is the admin token's holder; choose another name`);
      if (account.state !== 'absent') return refuse(command, 'user-exists', `there is a user ${user} already (${account.state})`);
      return [UserCreated.create({ name: user, role: command.data.role, ...(command.data.email === undefined ? {} : { email: command.data.email }) }, metadata)];
    }
    case 'ApproveUser':
      if (!isAdmin(command)) return adminOnly();
      if (account.state === 'absent') return absent();
      if (account.state === 'active') return refuse(command, 'state', `${user} is active already`);
      return [UserApproved.create({ name: user }, metadata)];
    case 'DisableUser':
      if (!isAdmin(command)) return adminOnly();
      if (account.state === 'absent') return absent();
      if (account.state === 'disabled') return refuse(command, 'state', `${user} is disabled already`);
      if (command.caller?.name === user) return refuse(command, 'forbidden', 'you cannot disable yourself');
      return [UserDisabled.create({ name: user, ...(command.data.reason === undefined ? {} : { reason: command.data.reason }) }, metadata)];
    case 'ChangeUserRole':
      if (!isAdmin(command)) return adminOnly();
      if (account.state === 'absent') return absent();
      if (account.role === command.data.role) return refuse(command, 'state', `${user} is ${account.role} already`);
      return [UserRoleChanged.create({ name: user, role: command.data.role, previous: account.role }, metadata)];
    case 'IssueToken': {
      if (!isSelfOrAdmin(command, user)) return refuse(command, 'forbidden', `only ${user} or an admin may issue ${user}'s tokens`);
      if (account.state === 'absent') return absent();
      if (account.state !== 'active') return refuse(command, 'state', `${user} is ${account.state}: tokens are issued to active users only`);
      const problem = tokenProblem(account, command.data.token, command.metadata.now);
      if (problem) return refuse(command, 'invalid', problem);
      return [tokenIssued(user, command.data.token, metadata)];
    }
    case 'RevokeToken': {
      if (!isSelfOrAdmin(command, user)) return refuse(command, 'forbidden', `only ${user} or an admin may revoke ${user}'s tokens`);
      const token = account.tokens.get(command.data.id);
      if (!token || token.revoked) return refuse(command, 'token-absent', `${user} has no token ${command.data.id} in use`);
      return [TokenRevoked.create({ id: token.id, user }, metadata)];
    }
    case 'SubmitUserKey': {
      if (!isSelfOrAdmin(command, user)) return refuse(command, 'forbidden', `only ${user} or an admin may set ${user}'s key`);
      if (account.state === 'absent') return absent();
      if (account.state !== 'active') return refuse(command, 'state', `${user} is ${account.state}: only active users submit keys`);
      const existing = account.keys.get(command.data.fingerprint);
      if (existing) return refuse(command, 'key-exists', `${user} has submitted the key ${command.data.fingerprint} already (${existing.state})`);
      if (account.keys.size >= MAX_KEYS_PER_USER) return refuse(command, 'invalid', `${user} has ${account.keys.size} keys, the most there may be: have one rejected first`);
      const { fingerprint, uid, key } = command.data;
      return [UserKeySubmitted.create({ user, fingerprint, uid, key }, metadata)];
    }
    case 'ApproveUserKey': {
      if (!isAdmin(command)) return adminOnly();
      const key = account.keys.get(command.data.fingerprint);
      if (!key) return refuse(command, 'key-absent', `${user} has no key ${command.data.fingerprint}`);
      if (account.state !== 'active') return refuse(command, 'state', `${user} is ${account.state}: approve the user first`);
      return [UserKeyApproved.create({ user, fingerprint: key.fingerprint, repositories: [...new Set(command.data.repositories)] }, metadata)];
    }
    case 'RejectUserKey': {
      if (!isAdmin(command)) return adminOnly();
      const key = account.keys.get(command.data.fingerprint);
      if (!key) return refuse(command, 'key-absent', `${user} has no key ${command.data.fingerprint}`);
      return [UserKeyRejected.create({ user, fingerprint: key.fingerprint, ...(command.data.reason === undefined ? {} : { reason: command.data.reason }) }, metadata)];
    }
    default:
      return assertNever(command, 'users command');
  }
};

/**
 * The accounts' rules, one user stream at a time: only an admin creates, approves, disables and
 * changes users and approves their keys; a user manages only their own tokens and key; names, token
 * names and keys are never duplicated. A refusal is an event (UserCommandRefused) naming the reason.
 */
export const usersDecider: Decider<UserAccountState, UsersCommand, UserEvent> = {
  decide,
  evolve: evolveUserAccount,
  initialState: initialUserAccount,
};
