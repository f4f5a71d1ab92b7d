import type { Command } from 'commander';

/**
 * mini-buildd's API index groups its calls by who uses them (the auth they need): Consumer (anyone),
 * Developer (staff) and Administrator. `mbd --help` lists its commands the same way; a command named
 * here by mini-buildd's call (in mbd's spelling) lands in its group, any other under "Commands:".
 */
const groups: Record<string, readonly string[]> = {
  'Consumer commands:': ['status', 'pub-key', 'dput-conf', 'sources-list', 'ls', 'show', 'debdiff', 'snapshot-ls', 'ports', 'events', 'builds', 'repositories', 'verify-log', 'builders', 'register', 'completion'],
  'Developer commands:': ['migrate', 'port', 'port-ext', 'retry', 'retry-upload', 'cancel', 'install', 'subscribe', 'unsubscribe', 'subscriptions', 'set-user-key', 'token', 'whoami'],
  'Administrator commands:': [
    'remove',
    'rollback',
    'chroot',
    'uploader',
    'repository',
    'keyring-packages',
    'test-packages',
    'snapshot-create',
    'snapshot-delete',
    'archive',
    'projections',
    'user',
    'builder',
    'builder-approve',
    'webhook-add',
    'webhook-remove',
    'webhooks',
    'notifications',
  ],
};

const headings = Object.keys(groups);

/** Puts each top-level command in its group, and the groups in mini-buildd's order (help lists them as they come). */
export function groupCommandsLikeMiniBuildd(program: Command): Command {
  for (const command of program.commands) {
    const heading = headings.find((candidate) => groups[candidate]!.includes(command.name()));
    if (heading) command.helpGroup(heading);
  }
  const rank = (command: Command) => {
    const index = headings.indexOf(command.helpGroup());
    return index < 0 ? headings.length : index;
  };
  (program.commands as Command[]).sort((a, b) => rank(a) - rank(b));
  return program;
}
