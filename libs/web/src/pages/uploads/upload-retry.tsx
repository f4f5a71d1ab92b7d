import type { DataOf, PackagePorted } from '@mbd/events';
import { ActionForm } from '../components/common.js';
import { mayAct, type PageContext } from '../page-context.js';
import { EventMeta, packageHref, Reasons, uploadHref, type StoryEvent } from './event-words.js';
import type { UploadRetries } from './upload-lineage.js';

/** Facts of the upload's `<dl>`: what it retries, as what it was retried, and its refused retries. */
export function RetryFacts({ retries }: { readonly retries: UploadRetries }) {
  return (
    <>
      {retries.retryOf ? (
        <>
          <dt>Retry of</dt>
          <dd id="retry-of">
            <a href={uploadHref(retries.retryOf)}>{retries.retryOf}</a>
          </dd>
        </>
      ) : null}
      {retries.retriedAs.length > 0 ? (
        <>
          <dt>Retried as</dt>
          <dd id="retried-as">
            <ul>
              {retries.retriedAs.map(({ position, data }) => (
                <li data-position={position}>
                  <a href={uploadHref(data.retryUploadId)}>{data.retryUploadId}</a>
                  {data.reason ? ` (${data.reason})` : ''}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {retries.refused.length > 0 ? (
        <>
          <dt>Retry refused</dt>
          <dd id="retry-refused">
            <Reasons reasons={retries.refused.at(-1)!.reasons} />
          </dd>
        </>
      ) : null}
    </>
  );
}

/** Where a port came from: the distribution or .dsc URL and version it was made of, who asked, and how the .dsc was trusted. */
export function PortOrigin({ origin }: { readonly origin: { readonly event: StoryEvent; readonly data: DataOf<typeof PackagePorted> } }) {
  const { data, event } = origin;
  return (
    <>
      <dt>Port of</dt>
      <dd id="port-origin">
        <a href={packageHref(data.source)}>{data.source}</a> {data.fromVersion} from{' '}
        {data.kind === 'internal' ? data.from : <code class="mono">{data.from}</code>}
        {data.kind === 'external' ? (data.signedBy ? <span>, the .dsc signed by key <code class="hash">{data.signedBy}</code></span> : data.unauthenticated ? ', the .dsc taken unsigned (allowed)' : '') : ''}
        {data.options && data.options.length > 0 ? <span>, options {data.options.join(' | ')}</span> : ''}
        <br />
        <EventMeta event={event} />
      </dd>
    </>
  );
}

/** mini-buildd's `retry` of the whole upload, for a signed-in viewer. */
export function RetryForm({ context, uploadId, label }: { readonly context: PageContext; readonly uploadId: string; readonly label: string }) {
  const csrf = mayAct(context, 'staff');
  if (!csrf) return null;
  return (
    <section id="retry" aria-labelledby="retry-title">
      <h2 id="retry-title">Retry</h2>
      <ActionForm
        action={`${uploadHref(uploadId)}/retry`}
        csrf={csrf}
        confirm={`Take ${label} in again as a new upload, with its stored .changes and files?`}
        label="Retry this upload"
      >
        <input type="text" name="reason" maxlength={500} placeholder="reason (optional)" aria-label="Why retry it (optional), e.g. uploader key added" />
      </ActionForm>
    </section>
  );
}
