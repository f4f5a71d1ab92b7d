import type { AuditLogItem } from '@mbd/projections';
import { AuditHead, AuditRow } from './audit-row.js';
import { auditStreamHref } from './audit-query.js';

export interface RecentEventsProps {
  /** The last events, newest first (ProjectionsService.listAuditLog({ order: 'desc', limit: 10 }).items). */
  readonly items: readonly AuditLogItem[];
  /**
   * Where the live tail starts: the newest position of the audit log when `items` were read
   * (items[0]?.position, or 0 for an empty log), so that no event is shown twice or missed.
   */
  readonly after: number;
}

/** The home page's section of recent events: the last few, with new ones arriving live at the top. */
export function RecentEvents({ items, after }: RecentEventsProps) {
  return (
    <section aria-labelledby="recent-events-title">
      <h2 id="recent-events-title">Recent events</h2>
      <table id="recent-events" class="dense">
        <AuditHead />
        <tbody hx-ext="sse" sse-connect={auditStreamHref({}, after)} sse-swap="message" hx-swap="afterbegin">
          {items.map((item) => (
            <AuditRow item={item} />
          ))}
        </tbody>
      </table>
      {items.length === 0 ? <p>No event yet.</p> : null}
      <p>
        <a href="/audit">The whole audit log →</a>
      </p>
    </section>
  );
}
