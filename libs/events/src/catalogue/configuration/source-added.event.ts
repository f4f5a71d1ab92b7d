import { defineEvent, type EventOf } from '../define-event.js';
import { sourceConfigSchema } from './source-config.schema.js';

/** An APT source (codename on a mirror) was added. */
export const SourceAdded = defineEvent('SourceAdded', 1, sourceConfigSchema);
export type SourceAdded = EventOf<typeof SourceAdded>;
