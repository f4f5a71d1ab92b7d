import type { BuildQueueItem, DistributionSource, RollbackHistoryItem } from '@mbd/projections';
import { ActionForm, Columns, State, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import { mayAct, type PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { Actor, auditHref, buildHref, buildLogHref, EventMeta, EventWords, uploadHref, type StoryEvent } from '../uploads/event-words.js';
import { UploadsTable, type UploadSummary } from '../uploads/uploads.page.js';
import type { ShownDistribution } from './package-show.js';
import type { DistributionActions, LintianResult } from './package-tracker.js';
import { debdiffHref } from './package-urls.js';
import { PortForm } from './port-form.js';

/** One event an action of this page caused, as the result shows it (absent: not in the audit log yet). */
export interface ActionOutcome {
  readonly position: number;
  readonly event?: StoryEvent;
}

export interface PackageTrackerData {
  readonly source: string;
  /** Where the source is: each distribution (rollbacks included) with its version. */
  readonly placements: readonly DistributionSource[];
  /** What a signed-in viewer may do in each distribution of `placements`. */
  readonly actions: ReadonlyMap<string, DistributionActions>;
  /** mini-buildd's `show` facts by distribution (not its rollbacks): uploadable, migrates to, migrated, its .dsc, its rollbacks' versions. */
  readonly shown?: ReadonlyMap<string, ShownDistribution>;
  /** For each placement, the events that put its version there, oldest first. */
  readonly lineages: ReadonlyMap<string, readonly StoryEvent[]>;
  readonly rollbacks: readonly RollbackHistoryItem[];
  /** Its latest uploads, newest first, rejections with their reasons. */
  readonly uploads: readonly UploadSummary[];
  readonly builds: readonly BuildQueueItem[];
  readonly lintian: readonly LintianResult[];
  /** Its latest events, newest first. */
  readonly history: readonly StoryEvent[];
  /** The events an action just caused (`?done=`). */
  readonly done?: readonly ActionOutcome[];
}

/** The latest events and lintian results the tracker shows (the audit log has the rest). */
export const trackerHistoryShown = 20;
export const trackerLintianShown = 20;

function Outcome({ done }: { readonly done: readonly ActionOutcome[] }) {
  const refused = done.some((outcome) => outcome.event?.type === 'ArchiveCommandRefused');
  return (
    <section id="result" aria-labelledby="result-title" role={refused ? 'alert' : 'status'}>
      <h2 id="result-title">{refused ? 'Refused' : 'Done'}</h2>
      <ul>
        {done.map((outcome) => (
          <li data-type={outcome.event?.type ?? 'unknown'} data-position={outcome.position}>
            {outcome.event ? (
              <span>
                <EventWords event={outcome.event} options={{ linkPackage: false }} /> <EventMeta event={outcome.event} />
              </span>
            ) : (
              <span>
                <a href={auditHref(outcome.position)}>Event {outcome.position}</a> is not in the audit log yet: reload in a moment.
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Actions({ context, source, placement, actions }: { readonly context: PageContext; readonly source: string; readonly placement: DistributionSource; readonly actions: DistributionActions | undefined }) {
  const csrf = mayAct(context, 'staff');
  if (!csrf || !actions) return null;
  const action = (verb: string) => `/packages/${encodeURIComponent(source)}/${verb}`;
  const what = `${source} ${placement.version}`;
  return (
    <div class="actions">
      {actions.migrateTo ? (
        <ActionForm
          action={action('migrate')}
          csrf={csrf}
          fields={{ distribution: placement.distribution }}
          confirm={`Migrate ${what} from ${placement.distribution} to ${actions.migrateTo}?`}
          label={`Migrate to ${actions.migrateTo}`}
        />
      ) : null}
      {actions.migrateThrough ? (
        <ActionForm
          action={action('migrate')}
          csrf={csrf}
          fields={{ distribution: placement.distribution, full: 'on' }}
          confirm={`Migrate ${what} from ${placement.distribution} step by step all the way to ${actions.migrateThrough}?`}
          label={`Migrate all the way to ${actions.migrateThrough}`}
        />
      ) : null}
      {actions.removable ? (
        <ActionForm
          action={action('remove')}
          csrf={csrf}
          fields={{ distribution: placement.distribution, version: placement.version }}
          confirm={`Remove ${what} from ${placement.distribution}? Its rollbacks keep it where the distribution has any.`}
          label="Remove"
          danger
        >
          <input type="text" name="reason" maxlength={500} placeholder="reason (optional)" aria-label={`Why remove ${what} from ${placement.distribution} (optional)`} />
        </ActionForm>
      ) : null}
      {actions.restore && !actions.restore.blockedBy ? (
        <ActionForm
          action={action('rollback')}
          csrf={csrf}
          fields={{ distribution: actions.restore.into, rollback: actions.restore.rollback }}
          confirm={`Restore ${what} from ${placement.distribution} into ${actions.restore.into}?`}
          label={`Restore into ${actions.restore.into}`}
        />
      ) : null}
      {actions.portTo ? <PortForm csrf={csrf} source={source} version={placement.version} from={placement.distribution} targets={actions.portTo} /> : null}
      {actions.restore?.blockedBy ? (
        <small>
          {actions.restore.into} holds {actions.restore.blockedBy}: remove it there to restore this version.
        </small>
      ) : null}
    </div>
  );
}

/** mini-buildd's `show` facts of a distribution's version, its .dsc, and a debdiff against each version its rollbacks keep. */
function ShowFacts({ source, version, shown }: { readonly source: string; readonly version: string; readonly shown: ShownDistribution | undefined }) {
  if (!shown || shown.version !== version) return null;
  const others = shown.rollbacks.filter((rollback) => rollback.version !== version);
  return (
    <ul class="show-facts">
      <li>{shown.uploadable ? 'takes uploads' : 'takes no uploads'}</li>
      {shown.migratesTo ? (
        <li>
          migrates to {shown.migratesTo}: {shown.isMigrated ? 'migrated' : 'not migrated'}
        </li>
      ) : null}
      {shown.dscPath ? (
        <li>
          <a href={shown.dscPath}>.dsc</a>
        </li>
      ) : null}
      {others.map((rollback) => (
        <li>
          <a href={debdiffHref(source, shown.repository, rollback.version, version)}>
            debdiff from {rollback.version}
          </a>{' '}
          ({rollback.distribution})
        </li>
      ))}
    </ul>
  );
}

function Versions({ context, data }: { readonly context: PageContext; readonly data: PackageTrackerData }) {
  const signedIn = Boolean(mayAct(context, 'staff'));
  if (data.placements.length === 0) return <p>{data.source} is in no distribution now.</p>;
  return (
    <table id="versions" class="dense">
      <Columns names={['Distribution', 'Version', 'Since', 'Binary packages', ...(signedIn ? ['Actions'] : [])]} />
      <tbody>
        {data.placements.map((placement) => (
          <tr data-distribution={placement.distribution}>
            <td>{placement.distribution}</td>
            <td>
              <strong>{placement.version}</strong>
              {placement.uploadId ? (
                <small>
                  {' '}
                  (<a href={uploadHref(placement.uploadId)}>upload</a>)
                </small>
              ) : null}
              <ShowFacts source={data.source} version={placement.version} shown={data.shown?.get(placement.distribution)} />
            </td>
            <td>
              <a href={auditHref(placement.position)}>
                <Time at={placement.since} />
              </a>
            </td>
            <td>
              {placement.binaries.length === 0 ? (
                '–'
              ) : (
                <details>
                  <summary>{placement.binaries.length}</summary>
                  <ul>
                    {placement.binaries.map((binary) => (
                      <li class="mono">
                        {binary.package} {binary.version} ({binary.architecture})
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </td>
            {signedIn ? (
              <td>
                <Actions context={context} source={data.source} placement={placement} actions={data.actions.get(placement.distribution)} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Lineage({ data }: { readonly data: PackageTrackerData }) {
  const chains = data.placements.filter((placement) => (data.lineages.get(placement.distribution) ?? []).length > 0);
  if (chains.length === 0) return <p>No recorded event put a version of {data.source} where it is.</p>;
  return (
    <div>
      {chains.map((placement) => (
        <div class="lineage" data-distribution={placement.distribution}>
          <h3>
            How {placement.version} came into {placement.distribution}
          </h3>
          <ol>
            {(data.lineages.get(placement.distribution) ?? []).map((event) => (
              <li data-type={event.type}>
                <EventWords event={event} options={{ linkPackage: false }} />
                <br />
                <EventMeta event={event} />
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

const rollbackStep: Record<string, string> = { rotated: 'kept in rollback', dropped: 'left the rollbacks', removed: 'removed from rollback', restored: 'restored from rollback' };

function Rollbacks({ rollbacks }: { readonly rollbacks: readonly RollbackHistoryItem[] }) {
  if (rollbacks.length === 0) return <p>No version of it was ever kept in a rollback.</p>;
  return (
    <table id="rollbacks" class="dense">
      <Columns names={['Distribution', 'Version', 'Step', 'Rollbacks after', 'By', 'When']} />
      <tbody>
        {[...rollbacks].reverse().map((step) => (
          <tr>
            <td>{step.distribution}</td>
            <td>{step.version}</td>
            <td>
              {rollbackStep[step.action] ?? step.action}
              {step.rollback !== null && step.action !== 'dropped' ? step.rollback : ''}
            </td>
            <td>{step.rollbacks === null ? 'unchanged' : step.rollbacks.join(', ') || 'none'}</td>
            <td>
              <Actor actor={step.actor} />
            </td>
            <td>
              <a href={auditHref(step.position)}>
                <Time at={step.occurredAt} />
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Builds({ builds }: { readonly builds: readonly BuildQueueItem[] }) {
  if (builds.length === 0) return <p>No build of it is known.</p>;
  return (
    <table id="builds" class="dense">
      <Columns names={['Build', 'Distribution', 'State', 'Log', 'Requested']} />
      <tbody>
        {builds.map((build) => (
          <tr data-build={build.buildId}>
            <td>
              <a href={buildHref(build.buildId)}>
                {build.version} {build.architecture}
              </a>
              {build.attempt > 1 ? ` (attempt ${build.attempt})` : ''}
            </td>
            <td>{build.distribution}</td>
            <td>
              <State state={build.state} />
              {build.reason ? ` ${build.reason}` : ''}
            </td>
            <td>
              {build.state === 'built' || build.state === 'failed' ? (
                <a href={buildLogHref(build.buildId)}>log</a>
              ) : build.state === 'building' ? (
                <a href={buildHref(build.buildId)}>live log</a>
              ) : (
                '–'
              )}
            </td>
            <td>
              <Time at={build.requestedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Lintian({ results }: { readonly results: readonly LintianResult[] }) {
  if (results.length === 0) return <p>No lintian result is recorded.</p>;
  return (
    <table id="lintian" class="dense">
      <Columns names={['Version', 'Checked', 'Errors', 'Warnings', 'Tags']} />
      <tbody>
        {results.slice(0, trackerLintianShown).map((result) => (
          <tr>
            <td>
              <a href={auditHref(result.position)}>{result.version}</a>
            </td>
            <td>{result.buildId ? <a href={buildHref(result.buildId)}>build on {result.architecture}</a> : 'the source'}</td>
            <td>{result.errors}</td>
            <td>{result.warnings}</td>
            <td>
              {result.tags.length === 0 ? (
                '–'
              ) : (
                <details>
                  <summary>{result.tags.length}</summary>
                  <ul class="lintian">
                    {result.tags.map((tag) => (
                      <li class="mono">{tag}</li>
                    ))}
                  </ul>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `GET /packages/<source>`: the package tracker — where each version is and how it got there, its uploads, builds, lintian, and the actions. */
export function PackageTrackerPage({ context, data }: { readonly context: PageContext; readonly data: PackageTrackerData }) {
  const source = encodeURIComponent(data.source);
  return (
    <Layout context={context} title={data.source}>
      {data.done && data.done.length > 0 ? <Outcome done={data.done} /> : null}
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <Versions context={context} data={data} />
        {context.viewer ? (
          <p>
            <small>Retry or cancel a build on its page (Builds below). Port an external .dsc on its repository's page.</small>
          </p>
        ) : (
          <p>
            <small>
              <a href={`/sign-in?next=${encodeURIComponent(context.path)}`}>Sign in</a> to migrate, remove, port or restore.
            </small>
          </p>
        )}
      </section>
      <section id="lineage" aria-labelledby="lineage-title">
        <h2 id="lineage-title">Lineage</h2>
        <Lineage data={data} />
      </section>
      <section aria-labelledby="rollbacks-title">
        <h2 id="rollbacks-title">Rollbacks</h2>
        <Rollbacks rollbacks={data.rollbacks} />
      </section>
      <section aria-labelledby="uploads-title">
        <h2 id="uploads-title">Uploads</h2>
        {data.uploads.length === 0 ? <p>No upload of it is recorded.</p> : <UploadsTable id="package-uploads" uploads={data.uploads} />}
        <p>
          <a href={`/uploads?source=${source}`}>Every upload of {data.source}</a>
        </p>
      </section>
      <section aria-labelledby="builds-title">
        <h2 id="builds-title">Builds</h2>
        <Builds builds={data.builds} />
        <p>
          <a href={`/builds?source=${source}`}>Every build of {data.source}</a>
        </p>
      </section>
      <section aria-labelledby="lintian-title">
        <h2 id="lintian-title">lintian</h2>
        <Lintian results={data.lintian} />
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">Latest events</h2>
        {data.history.length === 0 ? (
          <p>No event is about it.</p>
        ) : (
          <ol id="history" reversed>
            {data.history.slice(0, trackerHistoryShown).map((event) => (
              <li data-type={event.type}>
                <EventWords event={event} options={{ linkPackage: false }} /> <EventMeta event={event} />
              </li>
            ))}
          </ol>
        )}
        <p>
          <a href={`/audit?source=${source}`}>Every event of {data.source} in the audit log</a>
        </p>
      </section>
    </Layout>
  );
}

export const renderPackageTrackerPage = (context: PageContext, data: PackageTrackerData): string =>
  renderDocument(<PackageTrackerPage context={context} data={data} />);
