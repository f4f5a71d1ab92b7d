import { z } from 'zod';
import { defineEvent, type EventOf } from '../define-event.js';
import { architectureSchema, codenameSchema } from '../schemas.js';

/** A build chroot was removed. */
export const ChrootRemoved = defineEvent(
  'ChrootRemoved',
  1,
  z.object({ codename: codenameSchema, architecture: architectureSchema }),
);
export type ChrootRemoved = EventOf<typeof ChrootRemoved>;
