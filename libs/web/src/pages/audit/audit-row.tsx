import type { AuditLogItem } from '@mbd/projections';
import { Time } from '../components/common.js';
import { renderFragment } from '../render.js';
import { auditEventHref, auditListHref } from './audit-query.js';
import { eventLinks, summarizeEvent } from './event-summary.js';

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

/**
 * One event of the audit log: its position (a link to its page), time, type, stream, actor, what it
 * says in words, and the pages it names. Every value is text, escaped by preact.
 */
export function AuditRow({ item }: { readonly item: AuditLogItem }) {
  return (
    <tr data-position={item.position}>
      <td>
        <a href={auditEventHref(item.position)}>{item.position}</a>
      </td>
      <td>
        <Time at={item.occurredAt} />
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
        {eventLinks(item).map((link) => (
          <>
            <a href={link.href} title={link.title}>
              {link.label}
            </a>{' '}
          </>
        ))}
        <a href={auditListHref({ correlation: item.correlationId })} title={`every event of correlation ${item.correlationId}`}>
          story
        </a>
      </td>
    </tr>
  );
}

/** One row as HTML, for the live tail (an SSE message that htmx prepends to the table). */
export const renderAuditRow = (item: AuditLogItem): string => renderFragment(<AuditRow item={item} />);
