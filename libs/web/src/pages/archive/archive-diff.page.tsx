import type { ArchiveDiffEntry } from '@mbd/repository';
import { Columns, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { actorLabel } from './actor-label.js';
import { archiveTreeUrl, auditUrl, packageUrl } from './archive-urls.js';
import { ArchiveDiffForm } from './time-travel-forms.js';

/** One end of a diff: what was asked and the log position it denotes. */
export interface DiffBound {
  readonly at: string;
  readonly position: number;
  readonly occurredAt?: string;
}

export interface ArchiveDiffData {
  readonly repository: string;
  /** Absent when no `from` was given yet: the page shows the form only. */
  readonly diff?: {
    readonly from: DiffBound;
    /** `now`: no `to` was given, the head of the log. */
    readonly to: DiffBound & { readonly now: boolean };
    /** The repository's distributions that changed, by name, each with its entries. */
    readonly distributions: readonly { readonly name: string; readonly entries: readonly ArchiveDiffEntry[] }[];
  };
}

function Bound({ repository, bound }: { readonly repository: string; readonly bound: DiffBound }) {
  return (
    <>
      event <a href={auditUrl(bound.position)}>{bound.position}</a>
      {bound.occurredAt ? (
        <>
          {' '}
          (<Time at={bound.occurredAt} />)
        </>
      ) : null}{' '}
      [<a href={archiveTreeUrl(repository, bound.position)}>browse</a>]
    </>
  );
}

function DistributionDiff({ name, entries }: { readonly name: string; readonly entries: readonly ArchiveDiffEntry[] }) {
  return (
    <section aria-labelledby={`diff-${name}-title`}>
      <h3 id={`diff-${name}-title`}>{name}</h3>
      <table class="dense" id={`diff-${name}`}>
        <Columns names={['Source', 'Change', 'Before', 'After', 'Caused by']} />
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>
                <a href={packageUrl(entry.source)}>{entry.source}</a>
              </td>
              <td>{entry.change}</td>
              <td>{entry.before ?? '–'}</td>
              <td>{entry.after ?? '–'}</td>
              <td>
                <ul class="causes">
                  {entry.causes.map((cause) => (
                    <li>
                      <a href={auditUrl(cause.position)}>
                        #{cause.position} {cause.type}
                      </a>{' '}
                      by {actorLabel(cause.actor)}, <Time at={cause.occurredAt} />
                      {cause.uploadId !== undefined ? (
                        <>
                          {' '}
                          (upload <a href={`/uploads/${encodeURIComponent(cause.uploadId)}`}>{cause.uploadId}</a>)
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** `GET /archive/<id>/diff?from=<at>&to=<at>`: `mbd archive diff` as a page, for one repository. */
export function ArchiveDiffPage({ context, data }: { readonly context: PageContext; readonly data: ArchiveDiffData }) {
  const { repository, diff } = data;
  return (
    <Layout context={context} title={`What changed in ${repository}`}>
      <p>
        <a href={`/repositories/${encodeURIComponent(repository)}`}>Repository {repository}</a>
      </p>
      {diff ? (
        <section id="archive-diff" aria-labelledby="archive-diff-between">
          <h2 id="archive-diff-between">
            Changes from event {diff.from.position} to event {diff.to.position}
            {diff.to.now ? ', now' : ''}
          </h2>
          <p>
            From <Bound repository={repository} bound={diff.from} /> to <Bound repository={repository} bound={diff.to} />.
          </p>
          {diff.from.position > diff.to.position ? <p>From is after to: the changes are shown backwards in time (what the later moment had and the earlier not).</p> : null}
          {diff.distributions.length === 0 ? (
            <p>Nothing entered or left any distribution of {repository} between these two moments.</p>
          ) : (
            diff.distributions.map((distribution) => <DistributionDiff name={distribution.name} entries={distribution.entries} />)
          )}
        </section>
      ) : (
        <p>Name two moments (log positions or times) to see what entered and left each distribution between them, and which events did it.</p>
      )}
      <ArchiveDiffForm repository={repository} {...(diff ? { from: diff.from.at, to: diff.to.now ? '' : diff.to.at } : {})} />
    </Layout>
  );
}

export const renderArchiveDiffPage = (context: PageContext, data: ArchiveDiffData): string => renderDocument(<ArchiveDiffPage context={context} data={data} />);
