import { z } from 'zod';
import {
  architectureSchema,
  checkModeSchema,
  codenameSchema,
  componentSchema,
  repositoryIdSchema,
  suiteSchema,
} from '../schemas.js';

/**
 * A suite of a layout with mini-buildd's SuiteOption flags, plus the check modes of its uploads (lintian,
 * piuparts, autopkgtest). piuparts and autopkgtest came later: absent in older logs, they read as 'disabled'
 * (mini-buildd's default).
 */
export const suiteOptionsSchema = z.object({
  name: suiteSchema,
  uploadable: z.boolean(),
  /** Experimental suites use the `+0` version rule and ignore QA results. */
  experimental: z.boolean(),
  migratesTo: suiteSchema.nullable(),
  /** How many rollback distributions (`-rollback0`…) keep replaced versions. */
  rollback: z.number().int().nonnegative(),
  buildKeyringPackage: z.boolean(),
  notAutomatic: z.boolean(),
  butAutomaticUpgrades: z.boolean(),
  lintian: checkModeSchema,
  piuparts: checkModeSchema.default('disabled'),
  autopkgtest: checkModeSchema.default('disabled'),
});

/**
 * Version rules of a layout: regular expressions (matched unanchored, like mini-buildd's re.search)
 * and default version suffixes, with `%IDENTITY%` (the repository) and `%CODEVERSION%` placeholders.
 */
export const versionRulesSchema = z.object({
  defaultVersion: z.string(),
  mandatoryVersionRegex: z.string(),
  experimentalDefaultVersion: z.string(),
  experimentalMandatoryVersionRegex: z.string(),
});

export const layoutSchema = z
  .object({
    name: z.string().min(1),
    suites: z.array(suiteOptionsSchema).min(1),
    versionRules: versionRulesSchema,
    /** Short names accepted in uploads, e.g. `{ unstable: 'sid-unstable' }` (`<codename>-<suite>` in this repository). */
    metaDistributions: z.record(
      z.string().regex(/^[a-z0-9-]+$/),
      z.string().regex(/^[a-z0-9]+-[a-z]+$/, 'a meta distribution maps to <codename>-<suite>'),
    ),
  })
  .superRefine((layout, ctx) => {
    const names = new Set(layout.suites.map((suite) => suite.name));
    if (names.size !== layout.suites.length) ctx.addIssue({ code: 'custom', message: `layout ${layout.name}: a suite is listed twice` });
    for (const suite of layout.suites) {
      const target = layout.suites.find((other) => other.name === suite.migratesTo);
      if (suite.migratesTo !== null && !target)
        ctx.addIssue({ code: 'custom', message: `suite ${suite.name} migrates to ${suite.migratesTo}, which is not in layout ${layout.name}` });
      if (target?.uploadable)
        ctx.addIssue({ code: 'custom', message: `suite ${suite.name} migrates to ${target.name}, which must not be uploadable` });
      if (suite.experimental && (!suite.uploadable || suite.migratesTo !== null))
        ctx.addIssue({ code: 'custom', message: `experimental suite ${suite.name} must be uploadable and must not migrate` });
      if (suite.buildKeyringPackage && !suite.uploadable)
        ctx.addIssue({ code: 'custom', message: `keyring suite ${suite.name} must be uploadable` });
    }
  });

/** One codename of a repository: which architectures it builds and which components it has. */
export const codenameOptionsSchema = z
  .object({
    codename: codenameSchema,
    /** mini-buildd's codeversion, used in version rules: `12` for bookworm, `~SID` for sid. */
    codeversion: z.string().regex(/^[A-Za-z0-9~]+$/),
    architectures: z.array(z.object({ architecture: architectureSchema, optional: z.boolean() })).min(1),
    /** The one architecture that also builds arch:all packages. */
    archAllOn: architectureSchema,
    components: z.array(componentSchema).min(1),
  })
  .superRefine((options, ctx) => {
    const archAll = options.architectures.find((entry) => entry.architecture === options.archAllOn);
    if (!archAll) ctx.addIssue({ code: 'custom', message: `${options.codename}: archAllOn ${options.archAllOn} is not one of its architectures` });
    if (archAll?.optional) ctx.addIssue({ code: 'custom', message: `${options.codename}: archAllOn ${options.archAllOn} must not be optional` });
    if (!options.components.includes('main')) ctx.addIssue({ code: 'custom', message: `${options.codename}: component main is mandatory` });
  });

/** `source-only`: uploads with binaries are rejected; `source-with-binaries`: binaries are accepted but rebuilt. */
export const uploadPolicySchema = z.enum(['source-only', 'source-with-binaries']);

/** A repository's whole configuration; RepositoryCreated and RepositoryChanged carry it complete. */
export const repositoryConfigSchema = z
  .object({
    repository: repositoryIdSchema,
    layout: layoutSchema,
    codenames: z.array(codenameOptionsSchema).min(1),
    /** mini-buildd's allow_unauthenticated_uploads (the sandbox repository allows them). */
    allowUnsignedUploads: z.boolean(),
    uploadPolicy: uploadPolicySchema,
    /** mini-buildd's notify: addresses mailed about every rejection, build failure, install, migration and removal here. */
    notify: z.array(z.email()).max(50).optional(),
    /** mini-buildd's notify_changed_by: also mail the upload's Changed-By. */
    notifyChangedBy: z.boolean().optional(),
    /** mini-buildd's notify_maintainer: also mail the upload's Maintainer. */
    notifyMaintainer: z.boolean().optional(),
  })
  .superRefine((config, ctx) => {
    const codenames = new Set(config.codenames.map((entry) => entry.codename));
    if (codenames.size !== config.codenames.length)
      ctx.addIssue({ code: 'custom', message: `repository ${config.repository}: a codename is listed twice` });
  });

export type SuiteOptions = z.infer<typeof suiteOptionsSchema>;
export type VersionRules = z.infer<typeof versionRulesSchema>;
export type Layout = z.infer<typeof layoutSchema>;
export type CodenameOptions = z.infer<typeof codenameOptionsSchema>;
export type UploadPolicy = z.infer<typeof uploadPolicySchema>;
export type RepositoryConfig = z.infer<typeof repositoryConfigSchema>;
