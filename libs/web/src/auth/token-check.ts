import type { TokenRecord, UserAccountState } from '../users/user-account.js';
import type { Principal, Role } from './principal.js';
import { lesserRole, roleAllows } from './roles.js';

/**
 * What a route asks of the caller: the least role, whether it writes, and what it reaches: every
 * repository it names, `account` for a call about the caller's own account (its tokens, its key,
 * whoami: the route narrows itself), or undefined when it names none (a repository-limited token is
 * refused there: it fails closed).
 */
export interface Access {
  readonly role: Role;
  readonly write: boolean;
  readonly reaches?: readonly string[] | 'account';
}

/** A token was presented but does not identify anyone (401), or identifies someone not allowed this call (403). */
export type TokenVerdict = { readonly principal: Principal } | { readonly status: 401 | 403; readonly reason: string };

/**
 * Who a token (as found by the SHA-256 of the one presented, or by a page session's token id) is, as of
 * `now`: the token must be in use (not revoked, not expired), its user active; it acts with the lesser
 * of the user's and the token's role.
 */
export function principalOfToken(token: TokenRecord | undefined, account: UserAccountState | undefined, now: Date): TokenVerdict {
  if (!token || !account) return { status: 401, reason: 'this token is not known here' };
  if (token.revoked) return { status: 401, reason: `the token ${token.id} was revoked` };
  if (token.expires !== undefined && Date.parse(token.expires) <= now.getTime()) return { status: 401, reason: `the token ${token.id} expired at ${token.expires}` };
  if (account.state === 'pending') return { status: 403, reason: `the account ${account.name} waits for an admin's approval` };
  if (account.state !== 'active') return { status: 403, reason: `the account ${account.name} is ${account.state}` };
  const role = token.role === undefined ? account.role : lesserRole(account.role, token.role);
  if (role === undefined) return { status: 403, reason: `the token ${token.id} has the ${token.role} role, which ${account.name} (${account.role}) does not have` };
  return {
    principal: {
      name: account.name,
      role,
      via: 'token',
      tokenId: token.id,
      ...(account.email === undefined ? {} : { email: account.email }),
      ...(token.repositories === undefined ? {} : { repositories: token.repositories }),
      ...(token.readOnly ? { readOnly: true } : {}),
    },
  };
}

/** Why `principal` may not make a call needing `access`, or undefined when it may. */
export function accessRefusal(principal: Principal, access: Access): string | undefined {
  const token = principal.tokenId === undefined ? 'this credential' : `the token ${principal.tokenId}`;
  if (!roleAllows(principal.role, access.role)) return `this call needs the ${access.role} role; ${principal.name} acts as ${principal.role}`;
  if (access.write && principal.readOnly) return `${token} is read-only: it makes no changes`;
  if (principal.repositories === undefined || access.reaches === 'account') return undefined;
  const limited = `${token} is limited to ${principal.repositories.join(', ')}`;
  if (access.reaches === undefined || access.reaches.length === 0) return `${limited}: this call names no repository it could be checked against`;
  const outside = access.reaches.filter((repository) => !principal.repositories!.includes(repository));
  if (outside.length > 0) return `${limited}, not ${outside.join(', ')}`;
  return undefined;
}
