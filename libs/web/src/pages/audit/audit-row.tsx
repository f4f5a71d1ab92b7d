import type { AuditLogItem } from '@mbd/projections';
import { formatUtc } from '../components/format.js';
import { renderFragment } from '../render.js';
import { auditEventHref, auditListHref } from './audit-query.js';
import { eventLinks, summarizeEvent } from './event-summary.js';
import { shownTo } from '../../events/redact-event.js';

/** The head of an audit-log table; its rows are AuditRow. */
export function AuditHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Position</th>
        <th scope="col">Time</th>
        <th scope="col">Type</th>
        <th scope="col">Stream</th>
        <th scope="col">Actor</th>
        <th scope="col">What</th>
        <th scope="col">Links</th>
      </tr>
    </thead>
  );
}

/** An ISO time as toISOString writes it (what the log records). */
const canonicalIso = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

const daysIn = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/** formatUtc's `2026-11-30 19:37:11 UTC`, cut out of a time the log recorded rather than parsed again. */
export const utcText = (iso: string): string =>
  canonicalIso.test(iso) && Number(iso.slice(8, 10)) <= daysIn(Number(iso.slice(0, 4)), Number(iso.slice(5, 7))) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : formatUtc(iso);

/**
 * One event of the audit log: its position (a link to its page), time, type, stream, actor, what it
 * says in words, and the pages it names. Every value is text, escaped by preact. (The time is the
 * markup of <Time>; a page renders fifty rows, so each row keeps its elements few.) People's addresses
 * and token hashes are hidden unless the viewer is an `admin` (redactEventData).
 */
export function AuditRow({ item: recorded, admin = false }: { readonly item: AuditLogItem; readonly admin?: boolean }) {
  const item = shownTo(admin, recorded);
  const utc = utcText(item.occurredAt);
  return (
    <tr data-position={item.position}>
      <td>
        <a href={auditEventHref(item.position)}>{item.position}</a>
      </td>
      <td>
        <time datetime={item.occurredAt} title={utc}>
          {utc}
        </time>
      </td>
      <td>
        <a href={auditListHref({ type: item.type })} title={`every ${item.type}`}>
          {item.type}
        </a>
      </td>
      <td class="mono">{item.streamId}</td>
      <td>
        <a href={auditListHref({ actor: item.actor })} title={`every event of ${item.actor}`}>
          {item.actor}
        </a>
      </td>
      <td>{summarizeEvent(item)}</td>
      <td>
        {eventLinks(item).map((link) => [
          <a href={link.href} title={link.title}>
            {link.label}
          </a>,
          ' ',
        ])}
        <a href={auditListHref({ correlation: item.correlationId })} title={`every event of correlation ${item.correlationId}`}>
          story
        </a>
      </td>
    </tr>
  );
}

/** One row as HTML, for the live tail (an SSE message that htmx prepends to the table). */
export const renderAuditRow = (item: AuditLogItem, admin = false): string => renderFragment(<AuditRow item={item} admin={admin} />);
