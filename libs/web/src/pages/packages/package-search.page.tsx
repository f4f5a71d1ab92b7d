import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { packageHref } from '../uploads/event-words.js';
import type { PackageSummary } from './package-tracker.js';

export interface PackageSearchData {
  /** What was searched for ('' lists every package). */
  readonly q: string;
  /** This page of the packages found, by name. */
  readonly packages: readonly PackageSummary[];
  /** How many packages were found in all. */
  readonly found: number;
  /** The source name this page starts after (absent on the first page). */
  readonly after?: string;
  /** The `after` of the next page; absent on the last page. */
  readonly nextAfter?: string;
}

export const packagesHref = (q: string, after?: string): string => {
  const query = new URLSearchParams();
  if (q) query.set('q', q);
  if (after) query.set('after', after);
  const text = query.toString();
  return text ? `/packages?${text}` : '/packages';
};

function Results({ data }: { readonly data: PackageSearchData }) {
  return (
    <div id="results">
      <p aria-live="polite">
        {data.found === 0
          ? data.q
            ? `No source package name contains “${data.q}”.`
            : 'The repositories hold no package yet.'
          : `${data.found} source package(s)${data.q ? ` whose name contains “${data.q}”` : ''}.`}
      </p>
      {data.packages.length > 0 ? (
        <table id="packages" class="dense">
          <thead>
            <tr>
              <th scope="col">Source package</th>
              <th scope="col">Versions</th>
            </tr>
          </thead>
          <tbody>
            {data.packages.map((found) => (
              <tr data-source={found.source}>
                <td>
                  <a href={packageHref(found.source)}>{found.source}</a>
                </td>
                <td>
                  <ul class="placements">
                    {found.placements.map((placement) => (
                      <li>
                        {placement.distribution}: <strong>{placement.version}</strong>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data.after !== undefined || data.nextAfter !== undefined ? (
        <nav class="pager" aria-label="Pages">
          <ul>
            <li>{data.after !== undefined ? <a href={packagesHref(data.q)}>← First</a> : <span aria-disabled="true">← First</span>}</li>
            <li>
              {data.nextAfter !== undefined ? (
                <a href={packagesHref(data.q, data.nextAfter)} rel="next">
                  Next →
                </a>
              ) : (
                <span aria-disabled="true">Next →</span>
              )}
            </li>
          </ul>
        </nav>
      ) : null}
    </div>
  );
}

/** `GET /packages?q=`: find source packages by name; a plain GET form, updated as one types where htmx runs. */
export function PackageSearchPage({ context, data }: { readonly context: PageContext; readonly data: PackageSearchData }) {
  return (
    <Layout context={context} title="Packages">
      <form method="get" action="/packages" role="search" aria-label="Find source packages">
        <fieldset role="group">
          <input
            type="search"
            name="q"
            value={data.q}
            aria-label="Source package name (or part of it)"
            placeholder="Source package name"
            autocomplete="off"
            hx-get="/packages"
            hx-trigger="input changed delay:300ms, search"
            hx-target="#results"
            hx-select="#results"
            hx-swap="outerHTML"
            hx-push-url="true"
          />
          <button type="submit">Search</button>
        </fieldset>
      </form>
      <Results data={data} />
    </Layout>
  );
}

export const renderPackageSearchPage = (context: PageContext, data: PackageSearchData): string =>
  renderDocument(<PackageSearchPage context={context} data={data} />);
