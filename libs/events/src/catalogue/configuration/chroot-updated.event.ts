import { defineEvent, type EventOf } from '../define-event.js';
import { chrootConfigSchema } from './chroot-config.schema.js';

/** A build chroot was updated (remade or upgraded); the event names the new tarball. */
export const ChrootUpdated = defineEvent('ChrootUpdated', 1, chrootConfigSchema);
export type ChrootUpdated = EventOf<typeof ChrootUpdated>;
