import { defineEvent, type EventOf } from '../define-event.js';
import { repositoryConfigSchema } from './repository-config.schema.js';

/** A repository's configuration changed; the event carries the whole new configuration. */
export const RepositoryChanged = defineEvent('RepositoryChanged', 1, repositoryConfigSchema);
export type RepositoryChanged = EventOf<typeof RepositoryChanged>;
