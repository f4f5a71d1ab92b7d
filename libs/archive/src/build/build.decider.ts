import { BuildCancelled, BuildFailed, BuildRequested, BuildStarted, BuildSucceeded, type Decider, type UploadEvent } from '@mbd/events';
import { assertNever, eventMetadata } from '../decider.js';
import { ArchiveError } from '../errors.js';
import { type BuildProgress, type BuildStatus, type BuildingUploadState, type UploadState, evolveUpload, initialUploadState } from '../upload/upload.state.js';
import type { BuildCommand } from './build.commands.js';
import { buildIdOf } from './build-plan.js';

const isBuilding = (state: UploadState): state is BuildingUploadState => state.status === 'accepted' || state.status === 'failed';

/** The current attempt of a build when it is `buildId` and in one of `statuses`; reports from stale attempts change nothing. */
const currentBuild = (state: UploadState, buildId: string, architecture: string, statuses: readonly BuildStatus[]): BuildProgress | undefined => {
  const build = isBuilding(state) ? state.builds.get(architecture) : undefined;
  return build && build.buildId === buildId && statuses.includes(build.status) ? build : undefined;
};

export const decideBuild = (command: BuildCommand, state: UploadState): UploadEvent[] => {
  const metadata = eventMetadata(command.metadata);
  switch (command.type) {
    case 'StartBuild': {
      const { buildId, architecture } = command.data;
      return currentBuild(state, buildId, architecture, ['requested']) ? [BuildStarted.create(command.data, metadata)] : [];
    }
    case 'RecordBuildSuccess': {
      const { buildId, architecture } = command.data;
      return currentBuild(state, buildId, architecture, ['requested', 'building']) ? [BuildSucceeded.create(command.data, metadata)] : [];
    }
    case 'RecordBuildFailure': {
      const { buildId, architecture } = command.data;
      return currentBuild(state, buildId, architecture, ['requested', 'building']) ? [BuildFailed.create(command.data, metadata)] : [];
    }
    case 'CancelBuild': {
      const { architecture, reason } = command.data;
      const build = isBuilding(state) ? state.builds.get(architecture) : undefined;
      if (!build || (build.status !== 'requested' && build.status !== 'building'))
        throw new ArchiveError('build-not-cancellable', `no build of ${architecture} is waiting or running${build ? ` (it is ${build.status})` : ''}`);
      return [BuildCancelled.create({ buildId: build.buildId, architecture, reason }, metadata)];
    }
    case 'RetryBuild': {
      const { architecture } = command.data;
      const build = isBuilding(state) ? state.builds.get(architecture) : undefined;
      if (!isBuilding(state) || !build || (build.status !== 'failed' && build.status !== 'cancelled'))
        throw new ArchiveError('build-not-retryable', `the build of ${architecture} did not fail and was not cancelled${build ? ` (it is ${build.status})` : ''}`);
      const { uploadId, source, version } = state.received;
      const attempt = build.attempt + 1;
      return [
        BuildRequested.create(
          {
            uploadId,
            buildId: buildIdOf(uploadId, architecture, attempt),
            source,
            version,
            distribution: state.accepted.distribution,
            architecture,
            archAll: build.archAll,
            optional: build.optional,
            attempt,
          },
          metadata,
        ),
      ];
    }
    default:
      return assertNever(command, 'build command');
  }
};

/** The builds of an upload: same stream and state as the packager (`upload-<id>`). */
export const buildDecider = {
  decide: decideBuild,
  evolve: evolveUpload,
  initialState: initialUploadState,
} satisfies Decider<UploadState, BuildCommand, UploadEvent>;
