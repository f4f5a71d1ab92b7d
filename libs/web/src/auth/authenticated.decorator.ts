import {
  applyDecorators,
  Inject,
  Injectable,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { bearerToken, isAdminToken } from './admin-token-check.js';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** Write calls need `Authorization: Bearer <admin token>` (Bearer only: see basicPassword). */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(ADMIN_TOKEN) private readonly token: string) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!isAdminToken(bearerToken(request.headers.authorization), this.token)) {
      throw new UnauthorizedException('this call needs the admin token: set MBD_TOKEN (see <data dir>/admin-token)');
    }
    return true;
  }
}

export const Authenticated = () =>
  applyDecorators(UseGuards(AdminTokenGuard), ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'missing or wrong admin token' }));
