import { archiveTreeUrl } from '../archive/archive-urls.js';
import { Columns } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';

/** One repository in the list: its shape and how much it holds. */
export interface RepositorySummary {
  readonly id: string;
  readonly layout: string;
  readonly codenames: readonly string[];
  readonly suites: readonly string[];
  /** Distinct source packages in its distributions (rollbacks not counted). */
  readonly sources: number;
  /** Sources per distribution (rollbacks not counted), in configuration order. */
  readonly distributions: readonly { readonly name: string; readonly sources: number }[];
}

export interface RepositoriesData {
  readonly repositories: readonly RepositorySummary[];
  /** The head of the log: "browse now" links to the archive at this position. */
  readonly head: number;
}

const href = (id: string) => `/repositories/${encodeURIComponent(id)}`;

/** `GET /repositories`: every repository with its codenames, suites and package counts. */
export function RepositoriesPage({ context, data }: { readonly context: PageContext; readonly data: RepositoriesData }) {
  return (
    <Layout context={context} title="Repositories">
      {data.repositories.length === 0 ? (
        <p>No repository is configured yet (create one with <code>mbd repository create</code> or the REST API).</p>
      ) : (
        <table id="repositories" class="dense">
          <Columns names={['Repository', 'Layout', 'Codenames', 'Suites', 'Source packages', 'Links']} />
          <tbody>
            {data.repositories.map((repository) => (
              <tr>
                <th scope="row">
                  <a href={href(repository.id)}>{repository.id}</a>
                </th>
                <td>{repository.layout}</td>
                <td>{repository.codenames.join(', ')}</td>
                <td>{repository.suites.join(', ')}</td>
                <td>
                  <span title="distinct source packages in its distributions">{repository.sources}</span>
                  {repository.distributions.length > 0 ? (
                    <details>
                      <summary>per distribution</summary>
                      <ul>
                        {repository.distributions.map((distribution) => (
                          <li>
                            <a href={`${href(repository.id)}#${distributionAnchor(distribution.name)}`}>{distribution.name}</a>: {distribution.sources}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </td>
                <td>
                  <a href={href(repository.id)}>details</a>
                  {data.head > 0 ? (
                    <>
                      {' · '}
                      <a href={archiveTreeUrl(repository.id, data.head)}>browse</a>
                    </>
                  ) : null}
                  {' · '}
                  <a href={`${href(repository.id)}/sources.list`}>sources.list</a>
                  {' · '}
                  <a href={`${href(repository.id)}/dput.cf`}>dput.cf</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** The id of a distribution's section on the repository page. */
export const distributionAnchor = (distribution: string): string => `dist-${distribution}`;

export const renderRepositoriesPage = (context: PageContext, data: RepositoriesData): string =>
  renderDocument(<RepositoriesPage context={context} data={data} />);
