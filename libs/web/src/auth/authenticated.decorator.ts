import {
  applyDecorators,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AccountsService } from '../users/accounts.service.js';
import { bearerToken, isAdminToken } from './admin-token-check.js';
import { ADMIN_PRINCIPAL, setPrincipal, type Role } from './principal.js';
import { accessOfRequest } from './request-access.js';
import { RepositoryLookup, type RepositoryReach } from './repository-reach.js';
import { accessRefusal } from './token-check.js';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
/** The least role a route needs (`@Authenticated(role)`). */
export const REQUIRED_ROLE = 'mbd:required-role';
/** What a route reaches, for a repository-limited token (`@Authenticated(role, reach)`). */
export const REPOSITORY_REACH = 'mbd:repository-reach';

/**
 * Authenticated calls need `Authorization: Bearer <token>` (Bearer only: see basicPassword): the
 * admin token (allowed everything), or a user's or builder's API token, looked up by its SHA-256
 * (in use, its user active, its role at least the route's, read-only tokens on reads only,
 * repository-limited ones only where every repository the route reaches is theirs, and nowhere on a
 * route that names none). The guard puts the caller's Principal on the
 * request (principalOf). A missing or unknown token is a 401, a known one not allowed this call a 403
 * naming why.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(ADMIN_TOKEN) private readonly token: string,
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    private readonly lookup: RepositoryLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const required = this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getHandler()) ?? this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getClass()) ?? 'admin';
    const presented = bearerToken(request.headers.authorization);
    if (isAdminToken(presented, this.token)) {
      setPrincipal(request, ADMIN_PRINCIPAL);
      return true;
    }
    if (presented === undefined) throw new UnauthorizedException(`this call needs a token of the ${required} role or above: set MBD_TOKEN (the admin token is in <data dir>/admin-token)`);
    const verdict = this.accounts.authenticate(presented);
    if (!('principal' in verdict)) {
      if (verdict.status === 401) throw new UnauthorizedException(`${verdict.reason}: this call needs a token of the ${required} role or above`);
      throw new ForbiddenException(verdict.reason);
    }
    const reach = this.reflector.get<RepositoryReach | undefined>(REPOSITORY_REACH, context.getHandler());
    const refusal = accessRefusal(verdict.principal, await accessOfRequest(request, required, verdict.principal.repositories !== undefined, reach, this.lookup));
    if (refusal) throw new ForbiddenException(refusal);
    setPrincipal(request, verdict.principal);
    return true;
  }
}

/**
 * The route needs an authenticated caller with `role` (default admin) or a role above it. `reach` says
 * which repositories the call reaches (every one, from its body, its build or its upload) or that it is
 * about the caller's own `account`; without it a repository-limited token is refused.
 */
export const Authenticated = (role: Role = 'admin', reach?: RepositoryReach) =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    ...(reach === undefined ? [] : [SetMetadata(REPOSITORY_REACH, reach)]),
    UseGuards(AdminTokenGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: `missing, unknown, revoked or expired token (needs the ${role} role)` }),
    ApiForbiddenResponse({ description: `the token's user may not make this call (needs the ${role} role; read-only and repository-limited tokens are refused where they do not fit)` }),
  );
