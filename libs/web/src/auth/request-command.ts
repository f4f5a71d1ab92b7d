import type { CommandMetadata } from '@mbd/archive';
import type { Actor } from '@mbd/events';
import { daemonCommandMetadata } from '@mbd/workflows';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { actorOf, principalOf } from './principal.js';

/** The actor of what an authenticated request appends: the real caller (a user, a builder, or `admin` for the admin token). */
export const requestActor = (request: Request): Actor => actorOf(principalOf(request));

/** Metadata of a command made by an authenticated request (a fresh correlation id unless given). */
export const requestCommand = (request: Request, correlationId: string = randomUUID()): CommandMetadata =>
  daemonCommandMetadata(correlationId, undefined, requestActor(request));
