import { parseDistributionName } from '@mbd/archive';
import type { BuildQueueItem } from '@mbd/projections';

/** The codename a build of `distribution` (`<codename>-<repository>-<suite>`) needs a chroot of. */
export const buildCodenameOf = (distribution: string): string => parseDistributionName(distribution)?.codename ?? distribution.split('-')[0]!;

/** What a builder (a remote one, or the daemon's own slots) can build. */
export interface BuildOffer {
  readonly architectures: readonly string[];
  readonly codenames: readonly string[];
}

/** True when `offer` has a chroot for the build's codename and architecture. */
export const offersBuild = (offer: BuildOffer, item: Pick<BuildQueueItem, 'architecture' | 'distribution'>): boolean =>
  offer.architectures.includes(item.architecture) && offer.codenames.includes(buildCodenameOf(item.distribution));

/**
 * The builds a builder may claim, best first: the waiting ones (the build queue's fair order, as
 * listBuildQueue gives them) it offers a chroot for. The claimer takes the first it wins; a build
 * another claimer took meanwhile is skipped (StartBuild appends nothing for it).
 */
export const claimCandidates = (queue: readonly BuildQueueItem[], offer: BuildOffer): BuildQueueItem[] =>
  queue.filter((item) => item.state === 'needs-build' && offersBuild(offer, item));

/**
 * Why a waiting build has no builder, for the build queue: no online remote builder and no local slot
 * offers its architecture for its codename; undefined when one does.
 */
export function waitingReason(item: Pick<BuildQueueItem, 'state' | 'architecture' | 'distribution'>, offers: readonly BuildOffer[]): string | undefined {
  if (item.state !== 'needs-build' || offers.some((offer) => offersBuild(offer, item))) return undefined;
  return `no builder offers ${item.architecture} for ${buildCodenameOf(item.distribution)}`;
}
