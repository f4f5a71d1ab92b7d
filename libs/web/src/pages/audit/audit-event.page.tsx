import type { RecordedEvent } from '@mbd/events';
import { Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { auditEventHref, auditListHref } from './audit-query.js';
import { eventLinks, summarizeEvent } from './event-summary.js';
import { actsAsAdmin } from '../../auth/roles.js';
import { shownTo } from '../../events/redact-event.js';

export interface AuditEventData {
  /** The event as the store holds it: its data (upcast to the current version), metadata, position, hashes. */
  readonly event: RecordedEvent;
  /** As the audit log names the actor: `user:alice`, `key:<fingerprint>`, `remote:<name>`, `daemon`. */
  readonly actor: string;
  /** The source package the audit log filed the event under (upload streams inherit it), where known. */
  readonly source?: string;
  /** The stored hash of the event before this one (absent for position 1). */
  readonly previous?: { readonly position: number; readonly hash: string };
  /** The position of the event after this one, when there is one yet. */
  readonly next?: number;
  /** The causing event's position, when it is an event of the log found in the same story. */
  readonly causationPosition?: number;
  /** The repositories whose archive this event may have changed: links to their trees just after it. */
  readonly repositories: readonly string[];
}

const archiveHref = (repository: string, position: number): string => `/archive/${encodeURIComponent(repository)}/${position}/`;

/** The causation: a link to the causing event when it is known, its id otherwise. */
function Causation({ data }: { readonly data: AuditEventData }) {
  const id = data.event.metadata.causationId;
  if (id === undefined) return <span>none (the start of its story)</span>;
  if (data.causationPosition === undefined) return <code class="hash">{id}</code>;
  return (
    <a href={auditEventHref(data.causationPosition)}>
      event {data.causationPosition} <code class="hash">{id}</code>
    </a>
  );
}

/** `/audit/<position>`: one event with everything the log records of it, and the archive just after it. */
export function AuditEventPage({ context, data }: { readonly context: PageContext; readonly data: AuditEventData }) {
  const event = shownTo(actsAsAdmin(context.viewer), data.event);
  const links = eventLinks({ type: event.type, streamId: event.streamId, data: event.data, ...(data.source !== undefined ? { source: data.source } : {}) });
  const linked = data.previous === undefined ? event.prevHash === '' : data.previous.hash === event.prevHash;
  return (
    <Layout context={context} title={`Event ${event.position}: ${event.type}`}>
      <nav aria-label="Neighbouring events" class="pager">
        <ul>
          <li>{data.previous ? <a href={auditEventHref(data.previous.position)}>← Event {data.previous.position}</a> : <span aria-disabled="true">← no earlier event</span>}</li>
          <li>{data.next !== undefined ? <a href={auditEventHref(data.next)} rel="next">Event {data.next} →</a> : <span aria-disabled="true">no later event yet →</span>}</li>
          <li>
            <a href={auditListHref({}, { before: event.position + 1 })}>In the audit log</a>
          </li>
        </ul>
      </nav>
      <p id="event-summary">{summarizeEvent({ type: event.type, streamId: event.streamId, data: event.data })}</p>
      <dl id="event-facts">
        <dt>Type</dt>
        <dd>
          <a href={auditListHref({ type: event.type })}>{event.type}</a> (version {event.version})
        </dd>
        <dt>Stream</dt>
        <dd class="mono">{event.streamId}</dd>
        <dt>Stream version</dt>
        <dd>{event.streamVersion}</dd>
        <dt>Position</dt>
        <dd>{event.position}</dd>
        <dt>Time</dt>
        <dd>
          <Time at={event.metadata.occurredAt} />
        </dd>
        <dt>Actor</dt>
        <dd>
          <a href={auditListHref({ actor: data.actor })}>{data.actor}</a>
        </dd>
        <dt>Correlation</dt>
        <dd>
          <a href={auditListHref({ correlation: event.metadata.correlationId })} id="event-correlation">
            {event.metadata.correlationId}
          </a>{' '}
          (every event of this story)
        </dd>
        <dt>Causation</dt>
        <dd id="event-causation">
          <Causation data={data} />
        </dd>
        <dt>Event id</dt>
        <dd>
          <code class="hash">{event.id}</code>
        </dd>
        {links.length > 0 ? (
          <>
            <dt>Pages</dt>
            <dd>
              {links.map((link) => (
                <>
                  <a href={link.href} title={link.title}>
                    {link.title}
                  </a>{' '}
                </>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      <section aria-labelledby="hashes">
        <h2 id="hashes">Hash chain</h2>
        <dl>
          <dt>Hash</dt>
          <dd>
            <code class="hash" id="event-hash">
              {event.hash}
            </code>
          </dd>
          <dt>Previous hash (recorded with this event)</dt>
          <dd>
            <code class="hash" id="event-prev-hash">
              {event.prevHash === '' ? "'' (the first event)" : event.prevHash}
            </code>
            {data.previous ? (
              linked ? (
                <span> — the hash of event {data.previous.position}.</span>
              ) : (
                <strong class="badge-chain bad">
                  {' '}
                  — does not match the hash of event {data.previous.position}: <code class="hash">{data.previous.hash}</code>
                </strong>
              )
            ) : null}
          </dd>
        </dl>
      </section>
      {data.repositories.length > 0 ? (
        <section aria-labelledby="archive">
          <h2 id="archive">The archive just after this event</h2>
          <ul id="archive-links">
            {data.repositories.map((repository) => (
              <li>
                <a href={archiveHref(repository, event.position)}>{repository}</a> as it was after event {event.position}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="data">
        <h2 id="data">Data</h2>
        <pre class="data" id="event-data">
          {JSON.stringify(event.data, null, 2)}
        </pre>
      </section>
    </Layout>
  );
}

export const renderAuditEventPage = (context: PageContext, data: AuditEventData): string => renderDocument(<AuditEventPage context={context} data={data} />);
