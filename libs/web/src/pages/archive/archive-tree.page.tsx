import { formatBytes } from '../components/format.js';
import { Columns, NamePager, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import type { TreeEntry } from './archive-listing.js';
import { archiveDiffUrl, archiveTreeUrl, auditUrl, deliveryUrl } from './archive-urls.js';
import { TimeTravelPicker } from './time-travel-forms.js';

/** The moment a tree shows: the log position `at` resolved to, and its event. */
export interface ArchiveMoment {
  /** As asked in the URL: a position or an ISO time. */
  readonly at: string;
  readonly position: number;
  /** The event at that position, when it could be read. */
  readonly event?: { readonly type: string; readonly occurredAt: string };
  /** The head of the log when the page was made. */
  readonly head: number;
  /** Served from the live tree (an anonymous viewer asked for the head). */
  readonly live: boolean;
}

export interface ArchiveTreeData {
  readonly repository: string;
  readonly moment: ArchiveMoment;
  /** The directory shown, below the tree's root (`[]`: the root, with dists/ and pool/). */
  readonly segments: readonly string[];
  readonly entries: readonly TreeEntry[];
  /** Keyset paging of long directories: the name this page starts after, and the next page's. */
  readonly after?: string;
  readonly next?: string;
}

export function MomentHeader({ repository, moment }: { readonly repository: string; readonly moment: ArchiveMoment }) {
  return (
    <p id="archive-moment">
      The archive as it was just after event <a href={auditUrl(moment.position)}>{moment.position}</a>
      {moment.event ? (
        <>
          {' '}
          (<Time at={moment.event.occurredAt} />, {moment.event.type})
        </>
      ) : null}
      {moment.position === moment.head ? ', the head of the log' : `; the log is at ${moment.head} now`}
      {moment.live ? ' (the live tree)' : ''}. <a href={archiveDiffUrl(repository, moment.position)}>What changed since then</a>
    </p>
  );
}

function Breadcrumbs({ repository, at, segments }: { readonly repository: string; readonly at: string; readonly segments: readonly string[] }) {
  return (
    <nav aria-label="breadcrumb">
      <ul>
        <li>
          <a href={archiveTreeUrl(repository, at)} aria-current={segments.length === 0 ? 'page' : undefined}>
            {repository}
          </a>
        </li>
        {segments.map((segment, index) => (
          <li>
            <a href={archiveTreeUrl(repository, at, segments.slice(0, index + 1))} aria-current={index === segments.length - 1 ? 'page' : undefined}>
              {segment}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `GET /archive/<id>/<at>/<path…>/`: one directory of a repository's tree as it was at a log position or time. */
export function ArchiveTreePage({ context, data }: { readonly context: PageContext; readonly data: ArchiveTreeData }) {
  const { repository, moment, segments } = data;
  const here = `/${segments.join('/')}${segments.length > 0 ? '/' : ''}`;
  const listingUrl = (after?: string) => `${archiveTreeUrl(repository, moment.at, segments)}${after === undefined ? '' : `?${new URLSearchParams({ after }).toString()}`}`;
  return (
    <Layout context={context} title={`${repository} at ${moment.position}: ${here}`}>
      <MomentHeader repository={repository} moment={moment} />
      <Breadcrumbs repository={repository} at={moment.at} segments={segments} />
      {data.entries.length === 0 ? (
        <p>This directory is empty.</p>
      ) : (
        <table class="dense" id="archive-listing">
          <Columns names={['Name', 'Size']} />
          <tbody>
            {segments.length > 0 ? (
              <tr>
                <td>
                  <a href={archiveTreeUrl(repository, moment.at, segments.slice(0, -1))} rel="up">
                    ../
                  </a>
                </td>
                <td></td>
              </tr>
            ) : null}
            {data.entries.map((entry) =>
              entry.directory ? (
                <tr class="directory">
                  <td>
                    <a href={archiveTreeUrl(repository, moment.at, [...segments, entry.name])}>{entry.name}/</a>
                  </td>
                  <td>–</td>
                </tr>
              ) : (
                <tr class="file">
                  <td>
                    <a href={deliveryUrl(repository, moment.position, [...segments, entry.name])}>{entry.name}</a>
                  </td>
                  <td title={`${entry.size} bytes`}>{formatBytes(entry.size)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      <NamePager label="Pages of this directory" first={data.after !== undefined ? listingUrl() : undefined} next={data.next !== undefined ? listingUrl(data.next) : undefined} />
      <p>
        <a href={`/repositories/${encodeURIComponent(repository)}`}>Repository {repository}</a>
      </p>
      <TimeTravelPicker context={context} repository={repository} />
    </Layout>
  );
}

export const renderArchiveTreePage = (context: PageContext, data: ArchiveTreeData): string => renderDocument(<ArchiveTreePage context={context} data={data} />);
