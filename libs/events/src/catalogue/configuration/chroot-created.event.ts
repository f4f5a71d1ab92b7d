import { defineEvent, type EventOf } from '../define-event.js';
import { chrootConfigSchema } from './chroot-config.schema.js';

/** A build chroot was made. */
export const ChrootCreated = defineEvent('ChrootCreated', 1, chrootConfigSchema);
export type ChrootCreated = EventOf<typeof ChrootCreated>;
