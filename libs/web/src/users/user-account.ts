import type { UserEvent } from '@mbd/events';
import type { Role } from '../auth/principal.js';

/** An API token as the log knows it: its hash and limits, never the token. */
export interface TokenRecord {
  readonly id: string;
  readonly user: string;
  readonly name: string;
  readonly sha256: string;
  readonly role?: Role;
  readonly repositories?: readonly string[];
  readonly readOnly?: boolean;
  readonly expires?: string;
  readonly issuedAt: string;
  readonly revoked: boolean;
}

/** A user's OpenPGP key (set_user_key): submitted, then approved for repositories by an admin. */
export interface UserKey {
  readonly fingerprint: string;
  readonly uid: string;
  readonly armored: string;
  readonly state: 'submitted' | 'approved';
  readonly repositories: readonly string[];
}

/** One account, folded from its stream `user-<name>`. */
export interface UserAccountState {
  readonly name: string;
  readonly role: Role;
  readonly email?: string;
  /** `absent`: no such account (yet). */
  readonly state: 'absent' | 'pending' | 'active' | 'disabled';
  readonly tokens: ReadonlyMap<string, TokenRecord>;
  readonly keys: ReadonlyMap<string, UserKey>;
}

export const initialUserAccount = (): UserAccountState => ({ name: '', role: 'maintainer', state: 'absent', tokens: new Map(), keys: new Map() });

const withToken = (tokens: ReadonlyMap<string, TokenRecord>, token: TokenRecord) => new Map(tokens).set(token.id, token);
const withKey = (keys: ReadonlyMap<string, UserKey>, key: UserKey) => new Map(keys).set(key.fingerprint, key);

/** Folds one event of a user's stream into the account. */
export function evolveUserAccount(account: UserAccountState, event: UserEvent): UserAccountState {
  switch (event.type) {
    case 'UserRegistered':
      return { ...account, name: event.data.name, role: 'maintainer', email: event.data.email, state: 'pending' };
    case 'UserCreated':
      return { ...account, name: event.data.name, role: event.data.role, ...(event.data.email === undefined ? {} : { email: event.data.email }), state: 'active' };
    case 'UserApproved':
      return { ...account, state: 'active' };
    case 'UserRoleChanged':
      return { ...account, role: event.data.role };
    case 'UserDisabled':
      return { ...account, state: 'disabled' };
    case 'TokenIssued': {
      const { id, user, name, sha256, role, repositories, readOnly, expires } = event.data;
      const token: TokenRecord = {
        id,
        user,
        name,
        sha256,
        issuedAt: event.metadata.occurredAt,
        revoked: false,
        ...(role === undefined ? {} : { role }),
        ...(repositories === undefined ? {} : { repositories }),
        ...(readOnly === undefined ? {} : { readOnly }),
        ...(expires === undefined ? {} : { expires }),
      };
      return { ...account, tokens: withToken(account.tokens, token) };
    }
    case 'TokenRevoked': {
      const token = account.tokens.get(event.data.id);
      return token ? { ...account, tokens: withToken(account.tokens, { ...token, revoked: true }) } : account;
    }
    case 'UserKeySubmitted':
      return { ...account, keys: withKey(account.keys, { fingerprint: event.data.fingerprint, uid: event.data.uid, armored: event.data.key, state: 'submitted', repositories: [] }) };
    case 'UserKeyApproved': {
      const key = account.keys.get(event.data.fingerprint);
      return key ? { ...account, keys: withKey(account.keys, { ...key, state: 'approved', repositories: event.data.repositories }) } : account;
    }
    case 'UserKeyRejected': {
      const keys = new Map(account.keys);
      keys.delete(event.data.fingerprint);
      return { ...account, keys };
    }
    case 'UserCommandRefused':
      return account;
  }
}
