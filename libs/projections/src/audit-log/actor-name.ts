import type { Actor } from '@mbd/events';

/** How the audit log names an actor, and what its `actor` filter matches: `user:alice`, `key:<fingerprint>`, `remote:<name>`, `daemon`. */
export const actorName = (actor: Actor): string => {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.name}`;
    case 'key':
      return `key:${actor.fingerprint}`;
    case 'remote':
      return `remote:${actor.name}`;
    case 'daemon':
      return 'daemon';
    default: {
      const unreachable: never = actor;
      return String(unreachable);
    }
  }
};
