import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { daemonCommandMetadata } from '@mbd/workflows';
import type { CommandMetadata } from '@mbd/archive';
import { principalOf, type Principal } from '../auth/principal.js';
import { requestCommand } from '../auth/request-command.js';
import type { Caller } from './users.commands.js';

/** The caller and command metadata of an authenticated request: the event's actor is the real principal. */
export const commandOf = (request: Request): { readonly principal: Principal; readonly caller: Caller; readonly metadata: CommandMetadata } => {
  const principal = principalOf(request);
  return { principal, caller: { name: principal.name, role: principal.role }, metadata: requestCommand(request) };
};

/** Metadata of an anonymous request (registration): the actor is the name being registered. */
export const anonymousCommand = (name: string): CommandMetadata => daemonCommandMetadata(randomUUID(), undefined, { kind: 'user', name });
