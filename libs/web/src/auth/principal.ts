import type { Actor } from '@mbd/events';
import type { Request } from 'express';

/**
 * What an authenticated caller may do. `admin` ⊇ `staff` ⊇ `maintainer`; `builder` is apart: a remote
 * builder's account, which may only take builds and return their results.
 */
export type Role = 'admin' | 'staff' | 'maintainer' | 'builder';

/** Who made an authenticated request, as the guard established it. */
export interface Principal {
  /** The user's (or builder's) name; `admin` for the admin token. */
  readonly name: string;
  readonly role: Role;
  /** How the caller authenticated. */
  readonly via: 'admin-token' | 'token' | 'session';
  readonly email?: string;
  /** A token limited to these repositories (absent: all the role allows). */
  readonly repositories?: readonly string[];
  /** A read-only token: no write call. */
  readonly readOnly?: boolean;
  /** The id of the API token used (never the token itself). */
  readonly tokenId?: string;
}

/** The admin token's holder: the bootstrap credential, allowed everything. */
export const ADMIN_PRINCIPAL: Principal = { name: 'admin', role: 'admin', via: 'admin-token' };

const PRINCIPAL = Symbol('mbd principal');
type WithPrincipal = Request & { [PRINCIPAL]?: Principal };

export function setPrincipal(request: Request, principal: Principal): void {
  (request as WithPrincipal)[PRINCIPAL] = principal;
}

/** The principal the guard put on an authenticated request; throws when no guard ran (a wiring mistake). */
export function principalOf(request: Request): Principal {
  const principal = (request as WithPrincipal)[PRINCIPAL];
  if (!principal) throw new Error('principalOf: no authentication guard ran on this route');
  return principal;
}

/** The actor an event records for what `principal` did. */
export function actorOf(principal: Principal): Actor {
  return principal.role === 'builder' ? { kind: 'remote', name: principal.name } : { kind: 'user', name: principal.name };
}
