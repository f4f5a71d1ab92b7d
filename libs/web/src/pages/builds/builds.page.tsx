import { buildStates, type BuildQueueItem } from '@mbd/projections';
import { Columns, FilterSelect, State, TextFilter, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { packageHref } from '../uploads/event-words.js';
import { Place, buildDuration, buildHref } from './build-facts.js';

export interface BuildsFilter {
  readonly state?: string;
  readonly source?: string;
  readonly distribution?: string;
  readonly architecture?: string;
}

export interface BuildsData {
  readonly filter: BuildsFilter;
  /** Running (oldest start first), waiting (in fair order, with their place), then dep-wait. */
  readonly queue: readonly BuildQueueItem[];
  /** Why a waiting build has no builder, by build id ('no builder offers arm64 for trixie'). */
  readonly waitingFor?: ReadonlyMap<string, string>;
  /** Finished builds, newest first. */
  readonly history: readonly BuildQueueItem[];
  /** The URL of a longer history, when there are more finished builds than shown. */
  readonly more?: string;
  /** ISO time the page was made (for the time running builds have taken so far). */
  readonly now: string;
}

const COLUMNS = ['Build', 'Package', 'Distribution', 'Architecture', 'State', 'Requested', 'Started', 'Duration', 'Builder'] as const;

function BuildRow({ build, now, waitingFor }: { readonly build: BuildQueueItem; readonly now: string; readonly waitingFor?: string | undefined }) {
  return (
    <tr data-build={build.buildId}>
      <td>
        <a href={buildHref(build.buildId)} class="mono">
          {build.buildId}
        </a>
      </td>
      <td>
        <a href={packageHref(build.source)}>{build.source}</a> {build.version}
      </td>
      <td>{build.distribution}</td>
      <td>{build.architecture}</td>
      <td>
        <State state={build.state} />
        <Place build={build} />
        {build.reason && build.state !== 'built' ? <div><small>{build.reason}</small></div> : null}
        {waitingFor ? <div><small class="waiting-for">{waitingFor}</small></div> : null}
      </td>
      <td>
        <Time at={build.requestedAt} />
      </td>
      <td>{build.startedAt ? <Time at={build.startedAt} /> : '–'}</td>
      <td>{buildDuration(build, now)}</td>
      <td>{build.builder ?? '–'}</td>
    </tr>
  );
}

function Group({
  id,
  label,
  builds,
  empty,
  now,
  waitingFor,
}: {
  readonly id: string;
  readonly label: string;
  readonly builds: readonly BuildQueueItem[];
  readonly empty: string;
  readonly now: string;
  readonly waitingFor?: ReadonlyMap<string, string> | undefined;
}) {
  return (
    <tbody id={id}>
      <tr>
        <th scope="rowgroup" colspan={COLUMNS.length}>
          {label}
        </th>
      </tr>
      {builds.length === 0 ? (
        <tr>
          <td colspan={COLUMNS.length}>{empty}</td>
        </tr>
      ) : (
        builds.map((build) => <BuildRow build={build} now={now} waitingFor={waitingFor?.get(build.buildId)} />)
      )}
    </tbody>
  );
}

function FilterForm({ filter }: { readonly filter: BuildsFilter }) {
  return (
    <form method="get" action="/builds" class="filters" aria-label="Filter builds">
      <fieldset class="grid">
        <FilterSelect label="State" name="state" options={buildStates} value={filter.state} />
        <TextFilter label="Source" name="source" value={filter.source} placeholder="hello" />
        <TextFilter label="Distribution" name="distribution" value={filter.distribution} placeholder="bookworm-test-unstable" />
        <TextFilter label="Architecture" name="architecture" value={filter.architecture} placeholder="amd64" />
      </fieldset>
      <button type="submit">Filter</button> {Object.values(filter).some((value) => value) ? <a href="/builds">Clear the filters</a> : null}
    </form>
  );
}

/** The build queue (running, waiting in fair order, dep-wait) and the history of finished builds, with filters. */
export function BuildsPage({ context, data }: { readonly context: PageContext; readonly data: BuildsData }) {
  const running = data.queue.filter((build) => build.state === 'building').length;
  const waiting = data.queue.filter((build) => build.state === 'needs-build').length;
  return (
    <Layout context={context} title="Builds">
      <FilterForm filter={data.filter} />
      <p>
        {running} running, {waiting} waiting. Waiting builds are served oldest first, one per uploader in turn. <a href="/builders">Builders and chroots</a>
      </p>
      <figure>
        <table id="builds" class="dense">
          <Columns names={COLUMNS} />
          <Group id="queue" label="Queue" builds={data.queue} empty="No build is running or waiting." now={data.now} waitingFor={data.waitingFor} />
          <Group id="history" label="History (newest first)" builds={data.history} empty="No finished build." now={data.now} />
        </table>
      </figure>
      {data.more ? (
        <p>
          <a href={data.more} rel="next">
            More finished builds
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

export const renderBuildsPage = (context: PageContext, data: BuildsData): string => renderDocument(<BuildsPage context={context} data={data} />);
