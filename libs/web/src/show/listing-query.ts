import { isValidVersion } from '@mbd/debian';
import { codenameSchema, repositoryIdSchema, sourceNameSchema } from '@mbd/events';
import { z } from 'zod';
import type { ListingFilter } from './source-listing.js';

/** A comma-separated list in a query (mini-buildd's HTTP list arguments), each item checked. */
const commaList = (item: z.ZodString) =>
  z
    .string()
    .max(1000)
    .transform((text) => text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    .pipe(z.array(item).max(50));

/** A Debian version in a query, parsed as dpkg would. */
export const debianVersion = z.string().max(200).refine(isValidVersion, 'not a Debian version ([epoch:]upstream[-revision], the upstream part starting with a digit)');

/** The source name in the path. */
export const sourceParamSchema = sourceNameSchema.max(100);

/** `ls` and `show` options as query parameters: `repositories`, `codenames` (comma-separated), `version`, `min-version`. */
export const listingQuerySchema = z
  .strictObject({
    repositories: commaList(repositoryIdSchema).optional(),
    codenames: commaList(codenameSchema).optional(),
    version: debianVersion.optional(),
    'min-version': debianVersion.optional(),
  })
  .transform(
    (query): ListingFilter => ({
      ...(query.repositories?.length ? { repositories: query.repositories } : {}),
      ...(query.codenames?.length ? { codenames: query.codenames } : {}),
      ...(query.version === undefined ? {} : { version: query.version }),
      ...(query['min-version'] === undefined ? {} : { minVersion: query['min-version'] }),
    }),
  );
