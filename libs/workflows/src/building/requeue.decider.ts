import { buildDecider, type CancelBuild, type RetryBuild, type UploadState } from '@mbd/archive';
import type { Decider, UploadEvent } from '@mbd/events';

/**
 * Cancel a build a crashed run left behind and request it again, in one append. With `buildId`, only
 * while that very build is still the architecture's running one: another daemon (or a timeout) that
 * re-queued or finished it first leaves nothing to do.
 */
export type RequeueBuild = { readonly type: 'RequeueBuild'; readonly cancel: CancelBuild; readonly retry: RetryBuild; readonly buildId?: string };

/** True while `buildId` is the running build of `architecture` in the upload. */
export const stillRunning = (state: UploadState, architecture: string, buildId: string): boolean => {
  if (state.status !== 'accepted' && state.status !== 'failed') return false;
  const build = state.builds.get(architecture);
  return build?.buildId === buildId && build.status === 'building';
};

/**
 * The build decider's cancel and retry decided together, so that the events land in one append: a
 * process manager reading the upload stream never sees the cancelled build without its retry (and
 * never fails the upload for a build that is only being re-queued).
 */
export const requeueDecider: Decider<UploadState, RequeueBuild, UploadEvent> = {
  initialState: buildDecider.initialState,
  evolve: buildDecider.evolve,
  decide: (command, state) => {
    if (command.buildId !== undefined && !stillRunning(state, command.cancel.data.architecture, command.buildId)) return [];
    const cancelled = [buildDecider.decide(command.cancel, state)].flat() as UploadEvent[];
    const afterCancel = cancelled.reduce(buildDecider.evolve, state);
    return [...cancelled, ...([buildDecider.decide(command.retry, afterCancel)].flat() as UploadEvent[])];
  },
};
