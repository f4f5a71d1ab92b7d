import { buildDecider, type CancelBuild, type RetryBuild, type UploadState } from '@mbd/archive';
import type { Decider, UploadEvent } from '@mbd/events';

/** Cancel a build a crashed run left behind and request it again, in one append. */
export type RequeueBuild = { readonly type: 'RequeueBuild'; readonly cancel: CancelBuild; readonly retry: RetryBuild };

/**
 * The build decider's cancel and retry decided together, so that the events land in one append: a
 * process manager reading the upload stream never sees the cancelled build without its retry (and
 * never fails the upload for a build that is only being re-queued).
 */
export const requeueDecider: Decider<UploadState, RequeueBuild, UploadEvent> = {
  initialState: buildDecider.initialState,
  evolve: buildDecider.evolve,
  decide: (command, state) => {
    const cancelled = [buildDecider.decide(command.cancel, state)].flat() as UploadEvent[];
    const afterCancel = cancelled.reduce(buildDecider.evolve, state);
    return [...cancelled, ...([buildDecider.decide(command.retry, afterCancel)].flat() as UploadEvent[])];
  },
};

