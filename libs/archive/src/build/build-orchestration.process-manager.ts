import type { ArchiveCommandRefused, UploadEvent } from '@mbd/events';
import type { DistributionSettings } from '../configuration/distribution-settings.js';
import type { CommandMetadata } from '../decider.js';
import type { InstallPackage } from '../distribution/distribution.commands.js';
import { checkVerdict } from '../upload/check-verdict.js';
import { checkModesOf } from '../upload/effective-checks.js';
import type { FailUpload } from '../upload/upload.commands.js';
import type { BuildingUploadState, BuildProgress, UploadState } from '../upload/upload.state.js';
import { binariesOf, isSourceFile } from './binaries-of.js';
import { qaVerdict } from './qa-verdict.js';

const settled = (build: BuildProgress): boolean => build.status === 'succeeded' || build.status === 'failed' || build.status === 'cancelled';

/**
 * Why a build does not count (failed, cancelled, or its lintian, piuparts or autopkgtest result fails that
 * check's mode for its architecture: the suite's, or the upload's `<check>-mode` option), or undefined when
 * it passed. A build without a lintian result passes: the builder runs lintian when it can; piuparts and
 * autopkgtest always leave a result when their mode is not disabled (qaVerdict).
 */
const buildProblem = (build: BuildProgress, state: BuildingUploadState, distribution: DistributionSettings): string | undefined => {
  if (build.status !== 'succeeded') return `${build.status}${build.reason ? `: ${build.reason}` : ''}`;
  const { lintian, piuparts, autopkgtest } = checkModesOf(state.accepted, distribution, build.architecture);
  return (
    (build.lintian && checkVerdict('lintian', lintian, distribution.experimental, build.lintian, `the ${build.architecture} build`)) ||
    qaVerdict('piuparts', piuparts, distribution.experimental, build.piuparts, build.architecture) ||
    qaVerdict('autopkgtest', autopkgtest, distribution.experimental, build.autopkgtest, build.architecture)
  );
};

/** Why lintian's result on the source fails the upload's lintian mode (mini-buildd's check rule), if it does. */
const sourceLintProblem = (state: BuildingUploadState, distribution: DistributionSettings): string | undefined => {
  if (!state.accepted.lintSource || !state.sourceLint) return undefined;
  const what = `${state.received.source}_${state.received.version}.dsc`;
  const verdict = checkVerdict('lintian', checkModesOf(state.accepted, distribution).lintian, distribution.experimental, state.sourceLint.lintian, what);
  return verdict && state.sourceLint.reason && !state.sourceLint.lintian ? `${verdict} (${state.sourceLint.reason})` : verdict;
};

/**
 * After a build event (or lintian's result on the source) of an upload: once every architecture's current attempt has settled, install
 * (all mandatory architectures passed; optional ones may fail) or fail the upload with mini-buildd's
 * reason. Returns nothing while builds are pending, or when `event` is not a build's end.
 */
export const afterBuild = (
  state: UploadState,
  event: UploadEvent,
  distribution: DistributionSettings,
  metadata: CommandMetadata,
): InstallPackage | FailUpload | undefined => {
  if (!['BuildSucceeded', 'BuildFailed', 'BuildCancelled', 'SourceLinted'].includes(event.type)) return undefined;
  if (state.status !== 'accepted') return undefined;
  const builds = [...state.builds.values()];
  if (!builds.every(settled)) return undefined;
  if (state.accepted.lintSource && !state.sourceLint) return undefined; // lintian on the source still runs
  const problems = builds.flatMap((build) => {
    const problem = buildProblem(build, state, distribution);
    return problem && !build.optional ? [`${build.architecture} (${problem})`] : [];
  });
  if (problems.length > 0)
    return { type: 'FailUpload', data: { reasons: [`${problems.length} mandatory architecture(s) missing: ${problems.join(', ')}`] }, metadata };
  const sourceProblem = sourceLintProblem(state, distribution);
  if (sourceProblem) return { type: 'FailUpload', data: { reasons: [sourceProblem] }, metadata };
  const { uploadId, source, version, files } = state.received;
  const sourceFiles = [...files.filter(isSourceFile), ...(state.accepted.poolFiles ?? [])];
  const built = builds.filter((build) => buildProblem(build, state, distribution) === undefined).flatMap((build) => build.files);
  return {
    type: 'InstallPackage',
    data: {
      distribution,
      source,
      version,
      uploadId,
      files: [...sourceFiles, ...built],
      binaries: binariesOf(built, version),
    },
    metadata,
  };
};

/** An install the archive refused fails its upload (the install command's correlation id is the upload's id). */
export const afterInstallRefused = (event: ArchiveCommandRefused, metadata: CommandMetadata): FailUpload | undefined =>
  event.data.command === 'install' ? { type: 'FailUpload', data: { reasons: [event.data.message] }, metadata } : undefined;
