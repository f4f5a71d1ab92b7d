import { eventCatalogue } from '@mbd/events';
import type { AuditLogFilter, AuditLogItem } from '@mbd/projections';
import { z } from 'zod';

/** Events per page of /audit. */
export const AUDIT_PAGE_SIZE = 50;

/** The event types the type filter offers: every type of the catalogue (no scan of the log), by name. */
export const AUDIT_EVENT_TYPES: readonly string[] = eventCatalogue.map((descriptor) => descriptor.type).sort();

/** The filters of /audit and /audit/stream, as the form names them. */
export interface AuditFilters {
  readonly type?: string;
  /** A source package's name. */
  readonly source?: string;
  /** As the audit log names actors: `user:alice`, `key:<fingerprint>`, `remote:<name>`, `daemon`. */
  readonly actor?: string;
  readonly distribution?: string;
  readonly repository?: string;
  /** Inclusive, UTC, as a datetime-local input holds it: `2026-11-30T19:37` (seconds when given). */
  readonly since?: string;
  readonly until?: string;
  /** One upload's (or command's) whole story. */
  readonly correlation?: string;
}

/** The filters and the keyset cursor: `before` (older than) or `after` (newer than) a position. */
export interface AuditQuery extends AuditFilters {
  readonly before?: number;
  readonly after?: number;
}

/** The names of the filters, in the order links spell them. */
export const AUDIT_FILTER_NAMES = ['type', 'source', 'actor', 'distribution', 'repository', 'since', 'until', 'correlation'] as const;

/** An empty form field is no filter. */
const blankIsAbsent = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);
const text = (max: number) => z.preprocess(blankIsAbsent, z.string().max(max).optional());
const position = z.preprocess(blankIsAbsent, z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional());

const localTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/;
const zonedTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * A time as a datetime-local input sends it, read as UTC (an ISO time with its zone is taken too),
 * normalized to the input's own form so that the form shows it again: `2026-11-30T19:37[:11]`.
 */
const utcTime = z.preprocess(
  blankIsAbsent,
  z
    .string()
    .max(40)
    .refine((value) => (localTime.test(value) || zonedTime.test(value)) && !Number.isNaN(parseUtc(value).getTime()), 'a time is YYYY-MM-DDTHH:MM (UTC)')
    .transform((value) => {
      const iso = parseUtc(value).toISOString();
      return iso.endsWith(':00.000Z') ? iso.slice(0, 16) : iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
    })
    .optional(),
);

/** A bare OpenPGP fingerprint means the uploader with that key. */
const actor = z.preprocess(blankIsAbsent, z.string().max(200).optional()).transform((value) =>
  value !== undefined && /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/i.test(value) ? `key:${value.toUpperCase()}` : value,
);

export const auditQuerySchema = z
  .object({
    type: text(100),
    source: text(100),
    actor,
    distribution: text(100),
    repository: text(50),
    since: utcTime,
    until: utcTime,
    correlation: text(200),
    before: position,
    after: position,
  })
  .refine((query) => query.before === undefined || query.after === undefined, { message: 'page either before or after a position, not both', path: ['before'] });

/** Reads a time filter (as the schema normalized it) as UTC. */
export function parseUtc(value: string): Date {
  return new Date(localTime.test(value) ? `${value}Z` : value);
}

/** Only the filters of a query (what paging links and the live stream keep). */
export const filtersOf = (query: AuditQuery): AuditFilters =>
  Object.fromEntries(AUDIT_FILTER_NAMES.flatMap((name) => (query[name] === undefined ? [] : [[name, query[name]]]))) as AuditFilters;

export const hasFilters = (filters: AuditFilters): boolean => AUDIT_FILTER_NAMES.some((name) => filters[name] !== undefined);

/** Characters a form-encoded value keeps as they are. */
const formPlain = /^[A-Za-z0-9*._-]*$/;
/** What encodeURIComponent keeps and the form encoding does not. */
const formExtra = /[!'()~]/g;

/**
 * A value as `URLSearchParams` serializes it (application/x-www-form-urlencoded: a space as `+`, every
 * other character but `*-._` and alphanumerics percent-encoded), without building one per link.
 */
export function formComponent(value: string): string {
  if (formPlain.test(value)) return value;
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // a lone surrogate: URLSearchParams writes it as U+FFFD
    return new URLSearchParams({ v: value }).toString().slice(2);
  }
  return encoded.replaceAll('%20', '+').replace(formExtra, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

const search = (filters: AuditFilters, extra: Readonly<Record<string, string | number>> = {}): string => {
  let query = '';
  for (const name of AUDIT_FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined) query += `${query === '' ? '?' : '&'}${name}=${formComponent(value)}`;
  }
  for (const name in extra) query += `${query === '' ? '?' : '&'}${formComponent(name)}=${formComponent(String(extra[name]))}`;
  return query;
};

/** `/audit` with `filters` and at most one cursor. */
export const auditListHref = (filters: AuditFilters, cursor: { readonly before: number } | { readonly after: number } | Record<string, never> = {}): string =>
  `/audit${search(filters, cursor)}`;

/** The live tail of `filters`: events after `after`, as rendered rows. */
export const auditStreamHref = (filters: AuditFilters, after: number): string => `/audit/stream${search(filters, { after })}`;

export const auditEventHref = (position: number): string => `/audit/${position}`;

/** The read model's filter for `filters` (equality on each, an inclusive time range). */
export const toAuditLogFilter = (filters: AuditFilters): AuditLogFilter => ({
  ...(filters.type !== undefined ? { type: filters.type } : {}),
  ...(filters.source !== undefined ? { source: filters.source } : {}),
  ...(filters.actor !== undefined ? { actor: filters.actor } : {}),
  ...(filters.distribution !== undefined ? { distribution: filters.distribution } : {}),
  ...(filters.repository !== undefined ? { repository: filters.repository } : {}),
  ...(filters.correlation !== undefined ? { correlationId: filters.correlation } : {}),
  ...(filters.since !== undefined ? { since: parseUtc(filters.since) } : {}),
  ...(filters.until !== undefined ? { until: parseUtc(filters.until) } : {}),
});

/** Whether a live event passes `filters`, the same way the read model's query filters the page. */
export const matchesAuditFilters =
  (filters: AuditFilters) =>
  (item: AuditLogItem): boolean => {
    const since = filters.since === undefined ? undefined : parseUtc(filters.since).getTime();
    const until = filters.until === undefined ? undefined : parseUtc(filters.until).getTime();
    const at = new Date(item.occurredAt).getTime();
    return (
      (filters.type === undefined || item.type === filters.type) &&
      (filters.source === undefined || item.source === filters.source) &&
      (filters.actor === undefined || item.actor === filters.actor) &&
      (filters.distribution === undefined || item.distribution === filters.distribution) &&
      (filters.repository === undefined || item.repository === filters.repository) &&
      (filters.correlation === undefined || item.correlationId === filters.correlation) &&
      (since === undefined || at >= since) &&
      (until === undefined || at <= until)
    );
  };
