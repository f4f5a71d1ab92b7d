import type { BuildQueueItem } from '@mbd/projections';
import { formatDuration } from '../components/format.js';

/** A build page's address. */
export const buildHref = (buildId: string): string => `/builds/${encodeURIComponent(buildId)}`;

/** started→finished in human units; a running build's time so far; `–` for a build that never started. */
export function buildDuration(build: Pick<BuildQueueItem, 'startedAt' | 'finishedAt'>, now: string): string {
  if (!build.startedAt) return '–';
  const end = build.finishedAt ?? now;
  const seconds = (new Date(end).getTime() - new Date(build.startedAt).getTime()) / 1000;
  const text = formatDuration(seconds);
  return build.finishedAt ? text : `${text} so far`;
}

/** The place of a waiting build, e.g. `#2 in line`. */
export function Place({ build }: { readonly build: Pick<BuildQueueItem, 'queuePosition'> }) {
  return build.queuePosition !== null ? <span class="place"> #{build.queuePosition} in line</span> : null;
}
