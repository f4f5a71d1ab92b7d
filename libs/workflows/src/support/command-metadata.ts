import type { CommandMetadata } from '@mbd/archive';
import type { Actor } from '@mbd/events';

/** Metadata of a command the daemon issues itself (process managers), or on behalf of `actor`. */
export const daemonCommandMetadata = (correlationId: string, causationId?: string, actor: Actor = { kind: 'daemon' }): CommandMetadata => ({
  now: new Date().toISOString(),
  actor,
  correlationId,
  ...(causationId === undefined ? {} : { causationId }),
});
