import {
  applyDecorators,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { bearerToken, isAdminToken } from './admin-token-check.js';
import { ADMIN_PRINCIPAL, setPrincipal, type Role } from './principal.js';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');
/** The least role a route needs (`@Authenticated(role)`). */
export const REQUIRED_ROLE = 'mbd:required-role';

/**
 * Write calls need `Authorization: Bearer <token>` (Bearer only: see basicPassword). The admin token
 * is allowed everything; the guard puts the caller's Principal on the request (principalOf).
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(ADMIN_TOKEN) private readonly token: string,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const required = this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getHandler()) ?? this.reflector.get<Role | undefined>(REQUIRED_ROLE, context.getClass()) ?? 'admin';
    if (!isAdminToken(bearerToken(request.headers.authorization), this.token)) {
      throw new UnauthorizedException(`this call needs a token of the ${required} role or above: set MBD_TOKEN (the admin token is in <data dir>/admin-token)`);
    }
    setPrincipal(request, ADMIN_PRINCIPAL);
    return true;
  }
}

/** The route needs an authenticated caller with `role` (default admin) or a role above it. */
export const Authenticated = (role: Role = 'admin') =>
  applyDecorators(
    SetMetadata(REQUIRED_ROLE, role),
    UseGuards(AdminTokenGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: `missing or wrong token (needs the ${role} role)` }),
  );
