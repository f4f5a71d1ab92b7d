import type { AuditLogItem } from '@mbd/projections';
import { ActionForm, Pager } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { AuditHead, AuditRow } from './audit-row.js';
import { AUDIT_EVENT_TYPES, auditListHref, auditStreamHref, hasFilters, type AuditFilters } from './audit-query.js';
import { ChainBadge } from './chain-badge.js';
import { actsAsAdmin } from '../../auth/roles.js';
import type { ChainStatus } from './chain-verifier.service.js';

export interface AuditPageData {
  readonly filters: AuditFilters;
  /** Newest first. */
  readonly items: readonly AuditLogItem[];
  /** The `before` of the older page; null when no older event matches. */
  readonly olderBefore: number | null;
  /** The `after` of the newer page; null when this page is the newest (or is the first page). */
  readonly newerAfter: number | null;
  /** The first page (no cursor) follows new events live: the stream starts after this position. */
  readonly liveAfter?: number;
  readonly chain: ChainStatus;
}

/** The labelled GET form of the filters; the current values are kept. */
function AuditFilterForm({ filters }: { readonly filters: AuditFilters }) {
  const types = filters.type !== undefined && !AUDIT_EVENT_TYPES.includes(filters.type) ? [...AUDIT_EVENT_TYPES, filters.type] : AUDIT_EVENT_TYPES;
  return (
    <form method="get" action="/audit" id="audit-filters" role="search" aria-label="Filter the audit log">
      <div class="grid">
        <label>
          Type
          <select name="type">
            <option value="" selected={filters.type === undefined}>
              any type
            </option>
            {types.map((type) => (
              <option value={type} selected={filters.type === type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          Source package
          <input type="text" name="source" value={filters.source ?? ''} placeholder="hello" autocomplete="off" />
        </label>
        <label>
          Actor or uploader
          <input type="text" name="actor" value={filters.actor ?? ''} placeholder="user:admin, key:<fingerprint>, daemon" autocomplete="off" />
        </label>
      </div>
      <div class="grid">
        <label>
          Distribution
          <input type="text" name="distribution" value={filters.distribution ?? ''} placeholder="bookworm-test-unstable" autocomplete="off" />
        </label>
        <label>
          Repository
          <input type="text" name="repository" value={filters.repository ?? ''} placeholder="test" autocomplete="off" />
        </label>
        <label>
          Correlation
          <input type="text" name="correlation" value={filters.correlation ?? ''} placeholder="one upload's whole story" autocomplete="off" />
        </label>
      </div>
      <div class="grid">
        <label>
          Since (UTC)
          <input type="datetime-local" name="since" step="1" value={filters.since ?? ''} />
        </label>
        <label>
          Until (UTC)
          <input type="datetime-local" name="until" step="1" value={filters.until ?? ''} />
        </label>
      </div>
      <button type="submit">Filter</button> {hasFilters(filters) ? <a href="/audit">Clear the filters</a> : null}
    </form>
  );
}

/** `/audit`: the hash chain's state, the filters, a page of events newest first, keyset paging, the live tail on the first page. */
export function AuditPage({ context, data }: { readonly context: PageContext; readonly data: AuditPageData }) {
  const live = data.liveAfter !== undefined;
  const admin = actsAsAdmin(context.viewer);
  const pager = (
    <Pager
      {...(data.newerAfter !== null ? { newer: auditListHref(data.filters, { after: data.newerAfter }) } : {})}
      {...(data.olderBefore !== null ? { older: auditListHref(data.filters, { before: data.olderBefore }) } : {})}
    />
  );
  return (
    <Layout context={context} title="Audit log">
      <ChainBadge status={data.chain} />
      {context.viewer && context.csrf ? (
        <ActionForm action="/audit/verify" csrf={context.csrf} confirm="Verify the whole hash chain again from position 1?" label="Verify again from the start" />
      ) : null}
      <AuditFilterForm filters={data.filters} />
      {live ? (
        <p>
          <small>Newest first; new events appear at the top as they are recorded.</small>
        </p>
      ) : (
        <p>
          <a href={auditListHref(data.filters)}>Newest events (live)</a>
        </p>
      )}
      {data.items.length === 0 ? <p id="no-events">No event matches.</p> : null}
      {pager}
      <table id="events" class="dense">
        <AuditHead />
        {live ? (
          <tbody hx-ext="sse" sse-connect={auditStreamHref(data.filters, data.liveAfter!)} sse-swap="message" hx-swap="afterbegin">
            {data.items.map((item) => (
              <AuditRow item={item} admin={admin} />
            ))}
          </tbody>
        ) : (
          <tbody>
            {data.items.map((item) => (
              <AuditRow item={item} admin={admin} />
            ))}
          </tbody>
        )}
      </table>
      {pager}
    </Layout>
  );
}

export const renderAuditPage = (context: PageContext, data: AuditPageData): string => renderDocument(<AuditPage context={context} data={data} />);
