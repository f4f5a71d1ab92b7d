import { defineEvent, type EventOf } from '../define-event.js';
import { sourceConfigSchema } from './source-config.schema.js';

/** An APT source changed; the event carries its whole new configuration. */
export const SourceChanged = defineEvent('SourceChanged', 1, sourceConfigSchema);
export type SourceChanged = EventOf<typeof SourceChanged>;
