import { ForbiddenException } from '@nestjs/common';
import type { Principal, Role } from '../auth/principal.js';
import { lesserRole, roleAllows } from '../auth/roles.js';
import type { TokenInfo } from './accounts.service.js';
import type { NewToken } from './users.commands.js';

/** What a new token asks for, as POST /api/tokens takes it. */
export interface TokenRequest {
  readonly role?: Role;
  readonly repositories?: readonly string[];
  readonly expires?: string;
}

/** The limits of the credential a call came with: its principal and, for a user's token, when that token expires. */
export interface CallerLimits {
  readonly principal: Principal;
  /** The account role of the caller (a token acting with less passes the lesser role on). */
  readonly accountRole?: Role;
  readonly expires?: string;
}

const limitedTo = (principal: Principal) => `this token is limited to ${principal.repositories!.join(', ')}: the new token must be limited to those repositories too`;

/**
 * The limits a new token gets: never broader than the credential asking for it. A repository-limited
 * token issues tokens for (some of) its repositories only, a token acting with a lesser role than its
 * user passes that role on, and an expiring token issues tokens expiring no later than itself.
 */
export function narrowedToken(caller: CallerLimits, body: TokenRequest): Pick<NewToken, 'role' | 'repositories' | 'expires'> {
  const { principal } = caller;
  if (principal.repositories !== undefined && (body.repositories === undefined || !body.repositories.every((repository) => principal.repositories!.includes(repository))))
    throw new ForbiddenException(limitedTo(principal));
  const inherited = caller.accountRole !== undefined && caller.accountRole !== principal.role ? principal.role : undefined;
  const role = principal.via === 'admin-token' ? body.role : body.role === undefined ? inherited : lesserRole(principal.role, body.role);
  if (principal.via !== 'admin-token' && body.role !== undefined && role !== body.role) throw new ForbiddenException(`you act as ${principal.role}: you cannot issue a ${body.role} token`);
  const asked = body.expires === undefined ? undefined : new Date(body.expires).toISOString();
  const expires = caller.expires !== undefined && (asked === undefined || asked > caller.expires) ? caller.expires : asked;
  return { ...(role === undefined ? {} : { role }), ...(body.repositories === undefined ? {} : { repositories: body.repositories }), ...(expires === undefined ? {} : { expires }) };
}

/**
 * Why the caller may not revoke `target` (a token of an account with `targetRole`), or undefined: a
 * token revokes only tokens no broader than itself (no higher role, no repository it is not limited
 * to, no later expiry). The admin token revokes any.
 */
export function revocationRefusal(caller: CallerLimits, target: TokenInfo, targetRole: Role): string | undefined {
  const { principal } = caller;
  if (principal.via === 'admin-token') return undefined;
  const role = target.role === undefined ? targetRole : (lesserRole(targetRole, target.role) ?? target.role);
  if (!roleAllows(principal.role, role)) return `the token ${target.id} acts as ${role}, more than your ${principal.role}: only a credential at least as broad may revoke it`;
  if (principal.repositories !== undefined && (target.repositories === undefined || !target.repositories.every((repository) => principal.repositories!.includes(repository))))
    return `the token ${target.id} reaches repositories yours (${principal.repositories.join(', ')}) does not: only a credential at least as broad may revoke it`;
  if (caller.expires !== undefined && (target.expires === undefined || target.expires > caller.expires))
    return `the token ${target.id} outlives yours (${caller.expires}): only a credential at least as broad may revoke it`;
  return undefined;
}
