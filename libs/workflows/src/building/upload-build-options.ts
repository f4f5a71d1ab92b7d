import { resolveUploadOptions } from '@mbd/archive';
import type { BuildJob } from '@mbd/builder';
import type { DataOf, UploadAccepted } from '@mbd/events';

/** What an upload's options change in one architecture's build. */
export interface UploadBuildOptions {
  readonly job: Pick<BuildJob, 'debBuildOptions' | 'debBuildProfiles' | 'addDepends'>;
  /** The pin priority of the repository's own distributions (internal-apt-priority), when the upload sets one. */
  readonly aptPriority?: number;
  /** False when the architecture's lintian mode is disabled: lintian does not run on the build. */
  readonly runLintian: boolean;
}

/**
 * The build of `architecture` under the options UploadAccepted recorded (mini-buildd's buildrequest
 * fields: `key[architecture]` over `key`); an upload accepted before options existed builds as before.
 */
export const uploadBuildOptions = (accepted: DataOf<typeof UploadAccepted> | undefined, architecture: string): UploadBuildOptions => {
  const resolved = resolveUploadOptions(accepted?.options ?? [], architecture);
  return {
    job: {
      ...(resolved.debBuildOptions ? { debBuildOptions: resolved.debBuildOptions } : {}),
      ...(resolved.debBuildProfiles ? { debBuildProfiles: resolved.debBuildProfiles } : {}),
      ...(resolved.addDepends ? { addDepends: resolved.addDepends } : {}),
    },
    ...(resolved.internalAptPriority === undefined ? {} : { aptPriority: resolved.internalAptPriority }),
    runLintian: accepted?.checks?.architectures[architecture]?.lintian !== 'disabled',
  };
};
