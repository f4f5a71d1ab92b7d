import type { UploadEntryState, UploadItem } from '@mbd/projections';
import { Columns, FilterSelect, Pager, State, TextFilter, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { packageHref, Reasons, uploadHref } from './event-words.js';
import { toUploadSummary } from './upload-summary.js';

/** The states an upload goes through, as the lists show them. */
export const uploadStates = ['received', 'accepted', 'rejected', 'building', 'built', 'failed', 'installed'] as const satisfies readonly UploadEntryState[];
export type UploadListState = (typeof uploadStates)[number];

/** An upload as the lists show it (from an item of the uploads read model, see toUploadSummary). */
export interface UploadSummary {
  readonly uploadId: string;
  /** Absent when the upload was rejected before its .changes named one. */
  readonly source?: string;
  readonly version?: string;
  /** As the .changes said, or the distribution it was accepted for. */
  readonly distribution?: string;
  readonly state: UploadListState | string;
  /** Why it was rejected or failed. */
  readonly reasons?: readonly string[];
  readonly changedBy?: string;
  readonly receivedAt: string;
}

export interface UploadsFilter {
  readonly state?: string;
  readonly source?: string;
  readonly distribution?: string;
  readonly before?: number;
}

export interface UploadsData {
  readonly filter: UploadsFilter;
  readonly uploads: readonly UploadSummary[];
  /** The `before` of the next, older page; absent on the last page. */
  readonly nextBefore?: number;
}

/** The query string of the uploads list for `filter` (empty values left out). */
export const uploadsHref = (filter: UploadsFilter): string => {
  const query = new URLSearchParams();
  for (const key of ['state', 'source', 'distribution'] as const) {
    const value = filter[key];
    if (value) query.set(key, value);
  }
  if (filter.before !== undefined) query.set('before', String(filter.before));
  const text = query.toString();
  return text ? `/uploads?${text}` : '/uploads';
};

/** An upload's state, with the reasons of a rejection or failure in words. */
function UploadState({ upload }: { readonly upload: UploadSummary }) {
  const reasons = upload.reasons ?? [];
  return (
    <span>
      <State state={upload.state} />
      {reasons.length > 0 ? <Reasons reasons={reasons} /> : null}
    </span>
  );
}

/** Uploads as a table (`id` given), newest first, one row `data-upload="<uploadId>"` each. */
export function UploadsTable({ id, uploads }: { readonly id: string; readonly uploads: readonly UploadSummary[] }) {
  return (
    <table id={id} class="dense">
      <Columns names={['Upload', 'Distribution', 'State', 'Changed by', 'Received']} />
      <tbody>
        {uploads.map((upload) => (
          <tr data-upload={upload.uploadId}>
            <td>
              <a href={uploadHref(upload.uploadId)}>{upload.source ? `${upload.source} ${upload.version ?? ''}`.trim() : upload.uploadId}</a>
              {upload.source ? (
                <small>
                  {' '}
                  (<a href={packageHref(upload.source)}>package</a>)
                </small>
              ) : null}
            </td>
            <td>{upload.distribution ?? '–'}</td>
            <td>
              <UploadState upload={upload} />
            </td>
            <td>{upload.changedBy ?? '–'}</td>
            <td>
              <Time at={upload.receivedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface RecentUploadsProps {
  /** The latest uploads as the read model lists them, newest first: `(await projections.listUploads({ limit: 10 })).items`. */
  readonly uploads: readonly UploadItem[];
}

/** The home page's section: the latest uploads with their state, and a link to all of them. */
export function RecentUploads({ uploads }: RecentUploadsProps) {
  return (
    <section aria-labelledby="recent-uploads">
      <h2 id="recent-uploads">Recent uploads</h2>
      {uploads.length === 0 ? <p>No upload yet.</p> : <UploadsTable id="recent-uploads-table" uploads={uploads.map(toUploadSummary)} />}
      <p>
        <a href="/uploads">All uploads</a>
      </p>
    </section>
  );
}

function UploadsFilterForm({ filter }: { readonly filter: UploadsFilter }) {
  return (
    <form method="get" action="/uploads" class="filters" role="search" aria-label="Filter uploads">
      <fieldset class="grid">
        <FilterSelect label="State" name="state" options={uploadStates} value={filter.state} />
        <TextFilter label="Source package" name="source" value={filter.source} placeholder="e.g. hello" />
        <TextFilter label="Distribution" name="distribution" value={filter.distribution} placeholder="e.g. bookworm-test-unstable" />
      </fieldset>
      <button type="submit">Filter</button>
    </form>
  );
}

/** `GET /uploads`: recent uploads, newest first, with their state; filters and keyset paging. */
export function UploadsPage({ context, data }: { readonly context: PageContext; readonly data: UploadsData }) {
  const { filter } = data;
  const filtered = Boolean(filter.state || filter.source || filter.distribution);
  return (
    <Layout context={context} title="Uploads">
      <UploadsFilterForm filter={filter} />
      {data.uploads.length === 0 ? (
        <p>{filtered || filter.before !== undefined ? 'No upload matches.' : 'No upload yet: upload with dput to see it here.'}</p>
      ) : (
        <UploadsTable id="uploads" uploads={data.uploads} />
      )}
      <Pager
        {...(filter.before !== undefined ? { newer: uploadsHref({ ...filter, before: undefined }) } : {})}
        {...(data.nextBefore !== undefined ? { older: uploadsHref({ ...filter, before: data.nextBefore }) } : {})}
      />
    </Layout>
  );
}

export const renderUploadsPage = (context: PageContext, data: UploadsData): string => renderDocument(<UploadsPage context={context} data={data} />);
