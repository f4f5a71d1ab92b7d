import type { DebdiffResult } from '@mbd/workflows';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { packageHref } from '../uploads/event-words.js';

/** What the debdiff page shows: DebdiffService's answer (mini-buildd's `debdiff`), its output as capped by the service. */
export type DebdiffPageData = DebdiffResult;

/** `GET /packages/<source>/debdiff?repository=&a=&b=`: the real debdiff between two installed versions, as text. */
export function DebdiffPage({ context, data }: { readonly context: PageContext; readonly data: DebdiffPageData }) {
  return (
    <Layout context={context} title={`debdiff ${data.source} ${data.versiona} → ${data.versionb}`}>
      <p>
        <a href={packageHref(data.source)}>{data.source}</a> in repository <a href={`/repositories/${encodeURIComponent(data.repository)}`}>{data.repository}</a>:
        debdiff from <strong>{data.versiona}</strong> to <strong>{data.versionb}</strong>.
      </p>
      {data.identical ? (
        <p id="debdiff-identical">debdiff finds no difference between them.</p>
      ) : (
        <pre id="debdiff" class="log">
          {data.debdiff}
        </pre>
      )}
    </Layout>
  );
}

export const renderDebdiffPage = (context: PageContext, data: DebdiffPageData): string => renderDocument(<DebdiffPage context={context} data={data} />);
