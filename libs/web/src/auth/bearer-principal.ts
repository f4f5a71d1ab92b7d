import type { AccountsService } from '../users/accounts.service.js';
import { bearerToken, isAdminToken } from './admin-token-check.js';
import { ADMIN_PRINCIPAL, type Principal } from './principal.js';

/**
 * Who presents `Authorization: Bearer <token>` on a route open to anyone (where a token only shows
 * more): the admin token's holder, a user whose token is good now, or nobody.
 */
export function bearerPrincipal(authorization: string | undefined, adminToken: string, accounts: AccountsService): Principal | undefined {
  const presented = bearerToken(authorization);
  if (presented === undefined) return undefined;
  if (isAdminToken(presented, adminToken)) return ADMIN_PRINCIPAL;
  const verdict = accounts.authenticate(presented);
  return 'principal' in verdict ? verdict.principal : undefined;
}
