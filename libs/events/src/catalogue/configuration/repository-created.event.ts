import { defineEvent, type EventOf } from '../define-event.js';
import { repositoryConfigSchema } from './repository-config.schema.js';

/** A repository was created with this configuration. */
export const RepositoryCreated = defineEvent('RepositoryCreated', 1, repositoryConfigSchema);
export type RepositoryCreated = EventOf<typeof RepositoryCreated>;
