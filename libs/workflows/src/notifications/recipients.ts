import type { RepositoryConfig } from '@mbd/events';
import type { Notice } from './notice.js';

/** One subscription as the notifications see it (SubscriptionAdded's data). */
export interface Subscription {
  readonly user: string;
  readonly source: string;
  readonly distribution: string;
  readonly address: string;
}

type NotifyOptions = Pick<RepositoryConfig, 'notify' | 'notifyChangedBy' | 'notifyMaintainer'>;

const addressPattern = /^[^\s<>@,;"]+@[^\s<>@,;"]+$/;

/** The address in `Jane Doe <jane@example.org>` (or a bare address); undefined when there is none. */
export const addressOf = (person: string | undefined): string | undefined => {
  if (person === undefined) return undefined;
  const address = (/<([^<>]+)>\s*$/.exec(person)?.[1] ?? person).trim();
  return addressPattern.test(address) ? address : undefined;
};

/** A subscription to `*` matches anything; one to a name matches only a notice that names it. */
const matches = (wanted: string, actual: string | undefined): boolean => wanted === '*' || wanted === actual;

/**
 * Who is mailed about `notice`: every subscriber whose source and distribution match, the repository's
 * `notify` addresses, and, where the repository says so, the upload's Changed-By and Maintainer when a
 * known key signed it (never for an unsigned or foreign-signed upload: the daemon is no open relay to
 * whatever address an anonymous upload names). Each address once (compared without case), in that order.
 */
export function recipientsOf(notice: Notice, subscriptions: readonly Subscription[], repository: NotifyOptions | undefined): string[] {
  const candidates = [
    ...subscriptions.filter((subscription) => matches(subscription.source, notice.source) && matches(subscription.distribution, notice.distribution)).map((subscription) => subscription.address),
    ...(repository?.notify ?? []),
    ...(repository?.notifyChangedBy && notice.signedBy !== undefined ? [addressOf(notice.changedBy)] : []),
    ...(repository?.notifyMaintainer && notice.signedBy !== undefined ? [addressOf(notice.maintainer)] : []),
  ];
  const seen = new Set<string>();
  const recipients: string[] = [];
  for (const address of candidates) {
    if (address === undefined || !addressPattern.test(address) || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    recipients.push(address);
  }
  return recipients;
}
