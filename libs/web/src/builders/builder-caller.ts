import { ForbiddenException, HttpException } from '@nestjs/common';
import { RemoteBuildError, type AccountKeys } from '@mbd/workflows';
import type { Request } from 'express';
import { actorOf, principalOf } from '../auth/principal.js';
import type { AccountsService } from '../users/accounts.service.js';

/**
 * The principal of a builder call on builder `name`, as an event's actor: a builder token acts only for
 * its own account's name; the admin token (allowed everything) for any builder.
 */
export function builderActor(request: Request, name: string) {
  const principal = principalOf(request);
  if (principal.role === 'builder' && principal.name !== name) throw new ForbiddenException(`the token of builder ${principal.name} cannot act for builder ${name}`);
  return actorOf(principal);
}

/** The keys an admin approved for builder `name`'s account (a user of role builder, active), for its results. */
export function accountKeysOf(accounts: AccountsService, name: string): AccountKeys {
  const account = accounts.user(name);
  if (!account || account.role !== 'builder' || account.state !== 'active') return [];
  return account.keys.filter((key) => key.state === 'approved').map(({ fingerprint, armored }) => ({ fingerprint, armored }));
}

/** Runs a builder call, answering a RemoteBuildError with its status and reason. */
export async function answering<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RemoteBuildError) throw new HttpException(error.message, error.status);
    throw error;
  }
}
