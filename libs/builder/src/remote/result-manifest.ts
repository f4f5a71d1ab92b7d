import { z } from 'zod';
import type { BuildResult } from '../build/builder.port.js';
import { remoteFileNameSchema, remoteFileSchema, type RemoteFile } from './remote-build-job.js';

/**
 * What a remote builder says of a finished build, clearsigned with its key and sent last
 * (`POST /api/builds/<id>/result`), after each file it lists (`PUT /api/builds/<id>/result/<file>`).
 */
export const resultManifestSchema = z.object({
  buildId: z.string().min(1).max(200),
  status: z.enum(['successful', 'failed', 'attempted', 'given-back', 'skipped']),
  failStage: z.string().max(200).optional(),
  reason: z.string().min(1).max(4000),
  seconds: z.number().nonnegative(),
  stages: z.array(z.object({ name: z.string().min(1).max(200), seconds: z.number().nonnegative() })).max(200),
  /** The .changes among `files` (a successful build has one). */
  changes: remoteFileNameSchema.optional(),
  /** The build log among `files`. */
  log: remoteFileNameSchema.optional(),
  files: z.array(remoteFileSchema).max(1000),
});
export type ResultManifest = z.infer<typeof resultManifestSchema>;

/** Why a result's files are not what its manifest lists. */
export interface ResultFileProblem {
  readonly reason: 'bad-manifest' | 'missing-file' | 'checksum-mismatch';
  readonly message: string;
}

/** The manifest of a build's result: its files as `files` (the .changes and all it lists, and the log) give them. */
export function resultManifest(result: BuildResult, files: readonly RemoteFile[], logName: string | undefined): ResultManifest {
  const changes = result.changesFile?.split('/').pop();
  return {
    buildId: result.buildId,
    status: result.status,
    ...(result.failStage ? { failStage: result.failStage } : {}),
    reason: result.reason.slice(0, 4000) || result.status,
    seconds: result.seconds,
    stages: result.stages.slice(0, 200).map((stage) => ({ name: stage.name.slice(0, 200) || '?', seconds: stage.seconds })),
    ...(changes ? { changes } : {}),
    ...(logName ? { log: logName } : {}),
    files: [...files],
  };
}

/**
 * Whether the files received for a build are those its manifest lists, by name, size and SHA-256, and
 * the .changes and log it names are among them; undefined when they are.
 */
export function resultFileProblem(manifest: ResultManifest, received: (name: string) => { sha256: string; size: number } | undefined): ResultFileProblem | undefined {
  const names = new Set(manifest.files.map((file) => file.name));
  if (names.size !== manifest.files.length) return { reason: 'bad-manifest', message: 'the manifest lists a file twice' };
  for (const named of [manifest.changes, manifest.log]) {
    if (named !== undefined && !names.has(named)) return { reason: 'bad-manifest', message: `the manifest names ${named} but does not list it among its files` };
  }
  if (manifest.status === 'successful' && manifest.changes === undefined) return { reason: 'bad-manifest', message: 'a successful build names no .changes' };
  for (const file of manifest.files) {
    const got = received(file.name);
    if (!got) return { reason: 'missing-file', message: `${file.name} was not sent (PUT /api/builds/${manifest.buildId}/result/${file.name})` };
    if (got.sha256 !== file.sha256 || got.size !== file.size)
      return { reason: 'checksum-mismatch', message: `${file.name} arrived with SHA-256 ${got.sha256} (${got.size} bytes), the manifest says ${file.sha256} (${file.size} bytes)` };
  }
  return undefined;
}
