import { z } from 'zod';
import { codenameSchema, componentSchema, fingerprintSchema } from '../schemas.js';

/** An APT source builds are made from (mini-buildd's Source): a codename on a mirror, signed by archive keys. */
export const sourceConfigSchema = z.object({
  codename: codenameSchema,
  origin: z.string().min(1),
  mirror: z.url({ protocol: /^https?$|^file$/ }),
  components: z.array(componentSchema).min(1),
  /** Fingerprints of the keys that sign the source's Release files. */
  archiveKeys: z.array(fingerprintSchema),
});
export type SourceConfig = z.infer<typeof sourceConfigSchema>;
