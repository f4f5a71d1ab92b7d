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
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** Write calls need `Authorization: Bearer <admin token>`. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(ADMIN_TOKEN) private readonly token: string) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
    const expected = Buffer.from(this.token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedException('this call needs the admin token: set MBD_TOKEN (see <data dir>/admin-token)');
    }
    return true;
  }
}

export const Authenticated = () =>
  applyDecorators(UseGuards(AdminTokenGuard), ApiBearerAuth(), ApiUnauthorizedResponse({ description: 'missing or wrong admin token' }));
