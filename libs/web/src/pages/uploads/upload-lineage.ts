import { PackagePorted, UploadRetried, UploadRetryRefused, type DataOf } from '@mbd/events';
import { dataOf, type StoryEvent } from './event-words.js';
import type { UploadFacts } from './upload-story.js';

/** An upload's retries as its stream tells them: whom it retried, as what it was retried, which retries were refused. */
export interface UploadRetries {
  /** The upload this one retries (its UploadReceived's retryOf). */
  readonly retryOf?: string;
  readonly retriedAs: readonly { readonly position: number; readonly data: DataOf<typeof UploadRetried> }[];
  readonly refused: readonly { readonly position: number; readonly reasons: readonly string[] }[];
}

/** The retries among an upload's story (pure). */
export function retriesOf(facts: UploadFacts, story: readonly StoryEvent[]): UploadRetries {
  const retriedAs: UploadRetries['retriedAs'][number][] = [];
  const refused: UploadRetries['refused'][number][] = [];
  for (const event of story) {
    const retried = dataOf(UploadRetried, event);
    if (retried) retriedAs.push({ position: event.position, data: retried });
    const refusal = dataOf(UploadRetryRefused, event);
    if (refusal) refused.push({ position: event.position, reasons: refusal.reasons });
  }
  return { ...(facts.received?.retryOf ? { retryOf: facts.received.retryOf } : {}), retriedAs, refused };
}

/** The types of the events a port's origin is read from. */
export const portEventType = PackagePorted.type;

/**
 * The port this upload carries on (pure): the latest PackagePorted among `ported` (the source's ports
 * before the upload arrived) that made this very version for this distribution, or undefined when the
 * upload is no port.
 */
export function portOriginOf(facts: UploadFacts, ported: readonly StoryEvent[]): { readonly event: StoryEvent; readonly data: DataOf<typeof PackagePorted> } | undefined {
  const { received, accepted } = facts;
  if (!received) return undefined;
  const distributions = new Set([received.distribution, ...(accepted ? [accepted.distribution] : [])]);
  for (const event of [...ported].sort((a, b) => b.position - a.position)) {
    const data = dataOf(PackagePorted, event);
    if (data && data.source === received.source && data.version === received.version && distributions.has(data.to)) return { event, data };
  }
  return undefined;
}

/** Whether mini-buildd's `retry` may be offered for an upload in this state (the decider judges the rest and says why not). */
export const retriable = (state: string | undefined): boolean => state === 'rejected' || state === 'failed';
