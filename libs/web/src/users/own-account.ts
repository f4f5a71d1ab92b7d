import { ForbiddenException } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf } from '../auth/principal.js';
import { actsAsAdmin } from '../auth/roles.js';

/** The request's principal may read `name`'s account data (it is theirs, or they are an admin); a 403 otherwise. */
export const ownAccount = (request: Request, name: string): void => {
  const principal = principalOf(request);
  if (!actsAsAdmin(principal) && principal.name !== name) throw new ForbiddenException(`only ${name} or an admin may see ${name}'s account`);
};
