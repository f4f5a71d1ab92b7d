import type { Actor } from '@mbd/events';

/** Who did it, in words: a user's or remote's name, a key's user id (or fingerprint), or the daemon. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.name;
    case 'remote':
      return `remote ${actor.name}`;
    case 'key':
      return actor.uid ?? `key ${actor.fingerprint}`;
    case 'daemon':
      return 'mbd';
    default: {
      const unexpected: never = actor;
      return JSON.stringify(unexpected);
    }
  }
}
