/** The URLs of the archive pages and of the delivery they link to, each segment encoded once. */

const encodePath = (segments: readonly string[]): string => segments.map(encodeURIComponent).join('/');

/** `/archive/<id>/<at>/<path…>/`: a directory of the archive as it was at `at` (the root without segments). */
export const archiveTreeUrl = (repository: string, at: string | number, segments: readonly string[] = []): string =>
  `/archive/${encodeURIComponent(repository)}/${encodeURIComponent(String(at))}/${segments.length > 0 ? `${encodePath(segments)}/` : ''}`;

/** `/repositories/<id>/@<position>/<path…>`: a file of that tree, served by the repository delivery. */
export const deliveryUrl = (repository: string, position: number, segments: readonly string[]): string =>
  `/repositories/${encodeURIComponent(repository)}/@${position}/${encodePath(segments)}`;

/** `/archive/<id>/diff?from=<at>&to=<at>`: what changed between two moments (`to` empty: now). */
export const archiveDiffUrl = (repository: string, from: string | number, to: string | number | '' = ''): string =>
  `/archive/${encodeURIComponent(repository)}/diff?${new URLSearchParams({ from: String(from), to: String(to) }).toString()}`;

export { auditEventHref as auditUrl } from '../audit/audit-query.js';
export { packageHref as packageUrl } from '../uploads/event-words.js';

/** A date and time without a zone, as `<input type="datetime-local">` sends it. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/**
 * A moment as the forms send it, in the words the archive pages take: digits are a log position, a
 * date-time without a zone (datetime-local) is taken as UTC, anything else is passed on as it is (to be
 * refused, with the reason, by time travel).
 */
export const normalizeAt = (value: string): string => {
  const trimmed = value.trim();
  return LOCAL_DATE_TIME.test(trimmed) ? `${trimmed}Z` : trimmed;
};
