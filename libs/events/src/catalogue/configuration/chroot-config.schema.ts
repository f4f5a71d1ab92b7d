import { z } from 'zod';
import { architectureSchema, codenameSchema, sha256Schema } from '../schemas.js';

/** A build chroot per codename and architecture, made with mmdebstrap from `mirror`. */
export const chrootConfigSchema = z.object({
  codename: codenameSchema,
  architecture: architectureSchema,
  mirror: z.url({ protocol: /^https?$|^file$/ }),
  /** The chroot tarball on the builder (too large for an event's blob), checked by hash before use. */
  tarball: z.object({ path: z.string().startsWith('/'), sha256: sha256Schema, size: z.number().int().nonnegative() }),
});
export type ChrootConfig = z.infer<typeof chrootConfigSchema>;
