import { z } from 'zod';

/** A file name a job or a result may carry: plain, no path (what dpkg and sbuild write). */
export const remoteFileNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+~-]{0,254}$/, 'a plain file name (letters, digits, . _ + ~ -)');
const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');

/** One file of a source or a result: its name, SHA-256 and size. */
export const remoteFileSchema = z.object({ name: remoteFileNameSchema, sha256: sha256Schema, size: z.number().int().nonnegative() });
export type RemoteFile = z.infer<typeof remoteFileSchema>;

/**
 * What the daemon hands a remote builder that claimed a build (`POST /api/builders/<name>/claim`):
 * the build, the upload's options for it, the archive's own apt sources for build-dependencies (the
 * first signed by `archiveKey`) and the source files, each fetched from `url` and checked by SHA-256.
 */
export const remoteBuildJobSchema = z.object({
  buildId: z.string().min(1).max(200),
  uploadId: z.string().min(1).max(200),
  source: z.string().min(1).max(100),
  version: z.string().min(1).max(200),
  distribution: z.string().min(1).max(100),
  codename: z.string().min(1).max(50),
  architecture: z.string().min(1).max(50),
  archAll: z.boolean(),
  /** The upload's options for this architecture (uploadBuildOptions). */
  options: z.object({
    debBuildOptions: z.array(z.string()).optional(),
    debBuildProfiles: z.array(z.string()).optional(),
    addDepends: z.array(z.string()).optional(),
  }),
  extraRepositories: z.array(
    z.object({
      line: z.string().min(1).max(1000),
      /** True when `archiveKey` signs it (sbuild's --extra-repository-key). */
      signedByArchiveKey: z.boolean(),
      pin: z.object({ release: z.string().min(1), priority: z.number().int() }).optional(),
    }),
  ),
  /** The archive key, armored public half. */
  archiveKey: z.string().min(1),
  /** The .dsc among `files`. */
  dsc: remoteFileNameSchema,
  files: z.array(remoteFileSchema.extend({ url: z.string().min(1) })).min(1),
});
export type RemoteBuildJob = z.infer<typeof remoteBuildJobSchema>;
