import { z } from 'zod';

/**
 * Value schemas shared by the event catalogue. They check form, not meaning: a Debian version is
 * parsed and compared by @mbd/debian, a distribution is resolved by @mbd/archive.
 */

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');

/** A file an event refers to, stored in the blob store under its SHA-256 (see FileRef). */
export const fileRefSchema = z.object({
  name: z.string().min(1).regex(/^[^/\\\0]+$/, 'a file name has no path separators'),
  sha256: sha256Schema,
  size: z.number().int().nonnegative(),
});

/** An OpenPGP fingerprint as gpg prints it: 40 (v4) or 64 (v6) uppercase hex digits. */
export const fingerprintSchema = z
  .string()
  .regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/, 'an OpenPGP fingerprint is 40 or 64 uppercase hex digits');

/** A source package name (Debian Policy 5.6.1). */
export const sourceNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9+.-]+$/, 'a source name is lowercase letters, digits, + - . (at least 2 characters)');

/** A binary package name (Debian Policy 5.6.7): same characters as a source name. */
export const packageNameSchema = sourceNameSchema;

/** A Debian version as written in a .changes file; its meaning is checked by @mbd/debian. */
export const versionSchema = z.string().regex(/^[0-9A-Za-z.+~:-]+$/, 'a Debian version has no spaces or other characters');

export const architectureSchema = z.string().regex(/^[a-z0-9-]+$/, 'an architecture is lowercase letters, digits and -');

export const codenameSchema = z.string().regex(/^[a-z0-9]+$/, 'a codename is lowercase letters and digits');

/** A repository identity (mini-buildd: `^[a-z0-9]+$`, e.g. `test`). */
export const repositoryIdSchema = z.string().regex(/^[a-z0-9]+$/, 'a repository identity is lowercase letters and digits');

/** A suite name (mini-buildd: `^[a-z]+$`, e.g. `unstable`). */
export const suiteSchema = z.string().regex(/^[a-z]+$/, 'a suite is lowercase letters');

export const componentSchema = z.string().regex(/^[a-z0-9][a-z0-9/-]*$/, 'a component is lowercase letters, digits, - and /');

/** `<codename>-<repository>-<suite>[-rollback<N>]`, e.g. `bookworm-test-unstable-rollback0`. */
export const distributionSchema = z
  .string()
  .regex(/^[a-z0-9]+-[a-z0-9]+-[a-z]+(?:-rollback\d+)?$/, 'a distribution is <codename>-<repository>-<suite>[-rollback<N>]');

/** A binary package as installed in a distribution. */
export const binarySchema = z.object({
  package: packageNameSchema,
  version: versionSchema,
  architecture: architectureSchema,
});

/** mini-buildd's check modes for lintian (and piuparts/autopkgtest): disabled, ignore, fail on errors, fail on warnings. */
export const checkModeSchema = z.enum(['disabled', 'ignore', 'errfail', 'warnfail']);

export type Binary = z.infer<typeof binarySchema>;
export type CheckMode = z.infer<typeof checkModeSchema>;
