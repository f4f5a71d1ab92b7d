import type { BuildQueueItem } from '@mbd/projections';
import type { ComponentChildren } from 'preact';
import { ActionForm, Columns, State, Time } from '../components/common.js';
import { formatBytes, formatDuration } from '../components/format.js';
import { Layout } from '../layout.js';
import { mayAct, type PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { auditHref, packageHref, uploadHref } from '../uploads/event-words.js';
import { Place, buildDuration, buildHref } from './build-facts.js';
import { LOG_TAIL_LINES, type LintianRow, type LogPhases, type LogTail } from './build-log.js';

/** One event of the build's story on its upload's stream. */
export interface BuildEventRow {
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  /** As the audit log names it (`user:admin`, `daemon`, …). */
  readonly actor: string;
  /** The build the event is about (a retry's BuildRequested names the new attempt). */
  readonly buildId?: string;
}

/** Why an action of this page was refused (the words are the page's, not the request's). */
export type BuildRefusal = 'retry' | 'cancel' | 'stale';
export const buildRefusals: readonly BuildRefusal[] = ['retry', 'cancel', 'stale'];

export interface BuildPageData {
  readonly build: BuildQueueItem;
  /** Every attempt of this upload's architecture (this one included), oldest first. */
  readonly attempts: readonly Pick<BuildQueueItem, 'buildId' | 'attempt' | 'state'>[];
  /** The chroot it ran in (BuildStarted). */
  readonly chroot?: string;
  /** sbuild's status of a failed build (`failed`, `attempted`, `given-back`, `timed-out`, …). */
  readonly status?: string;
  /** Wall-clock seconds of the sbuild run (BuildSucceeded). */
  readonly seconds?: number;
  readonly events: readonly BuildEventRow[];
  /** It runs on this daemon: its log streams at /api/builds/<id>/log/stream. */
  readonly live: boolean;
  /** The stored log (after it ended): its last lines and sbuild's stages. */
  readonly log?: { readonly tail: LogTail; readonly phases: LogPhases };
  /** Why a stored log could not be shown (its blob is missing or unreadable). */
  readonly logUnreadable?: string;
  readonly lintian?: { readonly errors: number; readonly warnings: number; readonly rows: readonly LintianRow[] };
  /** piuparts' and autopkgtest's verdicts on the build (BuildSucceeded), each with whether its log is stored. */
  readonly qa?: readonly QaRow[];
  /** The events an action of this page just appended (`?done=`), found on the upload's stream. */
  readonly done?: readonly BuildEventRow[];
  readonly refused?: BuildRefusal;
  /** ISO time the page was made. */
  readonly now: string;
}

/** One QA tool's result on a build, for its line on the page. */
export interface QaRow {
  readonly tool: 'piuparts' | 'autopkgtest';
  readonly status: 'pass' | 'warn' | 'fail' | 'error';
  readonly summary: string;
  readonly hasLog: boolean;
}

const latestAttempt = (data: BuildPageData) => data.attempts.at(-1) ?? data.build;
const isLatest = (data: BuildPageData) => latestAttempt(data).buildId === data.build.buildId;

function Result({ data }: { readonly data: BuildPageData }) {
  const { build } = data;
  if (data.refused) {
    const latest = latestAttempt(data);
    const reason = {
      retry: `Retry was refused: only a failed or cancelled build can be built again, and this one is ${build.state}.`,
      cancel: `Cancel was refused: only a waiting or running build can be cancelled, and this one is ${build.state}.`,
      stale: `Refused: this is attempt ${build.attempt}, and attempt ${latest.attempt} of ${build.architecture} came after it; act on that one.`,
    }[data.refused];
    return (
      <article id="result" role="alert">
        {reason}
        {data.refused === 'stale' ? (
          <>
            {' '}
            <a href={buildHref(latest.buildId)}>Attempt {latest.attempt}</a>
          </>
        ) : null}
      </article>
    );
  }
  if (!data.done || data.done.length === 0) return null;
  return (
    <article id="result" role="status">
      Done:{' '}
      {data.done.map((event) => (
        <span>
          <a href={auditHref(event.position)}>
            {event.type} #{event.position}
          </a>
          {event.type === 'BuildRequested' && event.buildId && event.buildId !== build.buildId ? (
            <>
              {' '}
              (the new attempt: <a href={buildHref(event.buildId)}>{event.buildId}</a>)
            </>
          ) : null}{' '}
        </span>
      ))}
    </article>
  );
}

function Fact({ label, children }: { readonly label: string; readonly children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

function Facts({ data }: { readonly data: BuildPageData }) {
  const { build } = data;
  return (
    <table id="build-facts" class="dense">
      <tbody>
        <Fact label="Source">
          <a href={packageHref(build.source)}>{build.source}</a>
        </Fact>
        <Fact label="Version">
          <a href={packageHref(build.source)}>{build.version}</a>
        </Fact>
        <Fact label="Upload">
          <a href={uploadHref(build.uploadId)} class="mono">
            {build.uploadId}
          </a>
        </Fact>
        <Fact label="Distribution">{build.distribution}</Fact>
        <Fact label="Architecture">
          {build.architecture}
          {build.archAll ? ' (also builds the arch:all packages)' : ''}
          {build.optional ? ' (optional: its failure does not stop the install)' : ''}
        </Fact>
        <Fact label="Attempt">
          {data.attempts.length <= 1
            ? String(build.attempt)
            : data.attempts.map((attempt) =>
                attempt.buildId === build.buildId ? (
                  <strong aria-current="page">{attempt.attempt} </strong>
                ) : (
                  <span>
                    <a href={buildHref(attempt.buildId)}>{attempt.attempt}</a> <State state={attempt.state} />{' '}
                  </span>
                ),
              )}
        </Fact>
        <Fact label="State">
          <State state={build.state} />
          <Place build={build} />
          {data.status && data.status !== build.state ? <small> (sbuild: {data.status})</small> : null}
        </Fact>
        {build.reason ? <Fact label={build.state === 'cancelled' ? 'Why cancelled' : 'Reason'}>{build.reason}</Fact> : null}
        <Fact label="Builder">{build.builder ?? '–'}</Fact>
        <Fact label="Chroot">{data.chroot ?? '–'}</Fact>
        <Fact label="Requested">
          <Time at={build.requestedAt} />
        </Fact>
        <Fact label="Started">{build.startedAt ? <Time at={build.startedAt} /> : '–'}</Fact>
        <Fact label="Finished">{build.finishedAt ? <Time at={build.finishedAt} /> : '–'}</Fact>
        <Fact label="Duration">
          {buildDuration(build, data.now)}
          {data.seconds !== undefined ? ` (sbuild ran ${formatDuration(data.seconds)})` : ''}
        </Fact>
        <Fact label="Uploaded by">{build.uploader}</Fact>
      </tbody>
    </table>
  );
}

function Actions({ context, data }: { readonly context: PageContext; readonly data: BuildPageData }) {
  const { build } = data;
  const csrf = mayAct(context, 'staff');
  if (!csrf || !isLatest(data)) return null;
  const retriable = build.state === 'failed' || build.state === 'cancelled' || build.state === 'dep-wait';
  const cancellable = build.state === 'needs-build' || build.state === 'building';
  if (!retriable && !cancellable) return null;
  const what = `${build.source} ${build.version} on ${build.architecture}`;
  return (
    <section aria-labelledby="actions">
      <h2 id="actions">Actions</h2>
      {retriable ? (
        <ActionForm action={`${buildHref(build.buildId)}/retry`} csrf={csrf} confirm={`Build ${what} again (attempt ${build.attempt + 1})?`} label="Retry" />
      ) : null}
      {cancellable ? (
        <ActionForm action={`${buildHref(build.buildId)}/cancel`} csrf={csrf} confirm={`Cancel the build of ${what}?`} label="Cancel" danger />
      ) : null}
    </section>
  );
}

function Phases({ phases }: { readonly phases: LogPhases }) {
  if (phases.stages.length === 0) return <p>The log shows no sbuild stages.</p>;
  const { summary } = phases;
  const failStage = summary?.['Fail-Stage']?.toLowerCase();
  return (
    <>
      <table id="phases" class="dense">
        <Columns names={['Stage', 'From line', 'Lines', 'Duration']} />
        <tbody>
          {phases.stages.map((stage) => (
            <tr>
              <td>
                {stage.name}
                {failStage !== undefined && stage.name.toLowerCase() === failStage ? (
                  <>
                    {' '}
                    <State state="failed" />
                  </>
                ) : null}
              </td>
              <td>{stage.line}</td>
              <td>{stage.lines}</td>
              <td>{stage.seconds !== undefined ? formatDuration(stage.seconds) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary ? (
        <p>
          sbuild: {summary['Status'] ?? 'no status'}
          {summary['Fail-Stage'] ? `, failed at stage ${summary['Fail-Stage']}` : ''}
          {summary['Package-Time'] && /^\d+$/.test(summary['Package-Time']) ? `, ${formatDuration(Number(summary['Package-Time']))} in all` : ''}
          {summary['Build-Space'] && /^\d+$/.test(summary['Build-Space']) ? `, ${formatBytes(Number(summary['Build-Space']) * 1024)} of build space` : ''}.
          <small> sbuild times only installing the build dependencies and the build itself.</small>
        </p>
      ) : (
        <p>The log has no sbuild Summary (sbuild did not get that far).</p>
      )}
    </>
  );
}

function Log({ data }: { readonly data: BuildPageData }) {
  const { build } = data;
  const stream = `/api/builds/${encodeURIComponent(build.buildId)}/log/stream`;
  const whole = `/api/builds/${encodeURIComponent(build.buildId)}/log`;
  if (data.live) {
    return (
      <section aria-labelledby="log">
        <h2 id="log">Log</h2>
        <p id="build-log-status" role="status">
          Live: the log grows below as sbuild writes it (the latest lines first, when the build is long).
        </p>
        <noscript>
          <p>Without JavaScript the log does not grow here: reload the page to see the build's progress and, once it ends, its whole log.</p>
        </noscript>
        <pre id="build-log" class="log" data-live-log={stream} data-live-status="build-log-status" aria-live="off"></pre>
      </section>
    );
  }
  if (data.log) {
    const { tail, phases } = data.log;
    return (
      <>
        <section aria-labelledby="phases-heading">
          <h2 id="phases-heading">Phases</h2>
          <Phases phases={phases} />
        </section>
        <section aria-labelledby="log">
          <h2 id="log">Log</h2>
          <p>
            {tail.omittedLines > 0
              ? `The log has ${tail.totalLines} lines (${formatBytes(tail.bytes)}); the last ${LOG_TAIL_LINES} are shown. `
              : `${tail.totalLines} lines (${formatBytes(tail.bytes)}). `}
            <a href={whole} id="build-log-full">
              The whole log as text
            </a>
          </p>
          <pre id="build-log" class="log">
            {tail.text}
          </pre>
        </section>
      </>
    );
  }
  const note = data.logUnreadable
    ? `A log was stored, but ${data.logUnreadable}.`
    : build.state === 'building'
      ? `It runs on ${build.builder ?? 'a builder'}, not on this daemon's own builder: its log is shown here when it ends.`
      : build.state === 'needs-build'
        ? 'It has not started yet; its log is shown here while it runs.'
        : 'No log was stored for this build (it ended before sbuild wrote one).';
  return (
    <section aria-labelledby="log">
      <h2 id="log">Log</h2>
      <p>{note}</p>
    </section>
  );
}

function Lintian({ data }: { readonly data: BuildPageData }) {
  if (data.build.state !== 'built') return null;
  const { lintian } = data;
  return (
    <section aria-labelledby="lintian-heading">
      <h2 id="lintian-heading">Lintian</h2>
      {!lintian ? (
        <p>lintian did not check this build's packages.</p>
      ) : (
        <>
          <p>
            {lintian.errors} error(s), {lintian.warnings} warning(s).
          </p>
          {lintian.rows.length === 0 ? (
            <p>No tags.</p>
          ) : (
            <table id="lintian" class="dense">
              <Columns names={['Severity', 'Package', 'Type', 'Tag']} />
              <tbody>
                {lintian.rows.map((row) =>
                  row.raw !== undefined ? (
                    <tr>
                      <td colspan={4}>
                        <code>{row.raw}</code>
                      </td>
                    </tr>
                  ) : (
                    <tr data-severity={row.severity}>
                      <td>{row.severity}</td>
                      <td>{row.package}</td>
                      <td>{row.type}</td>
                      <td>
                        <code>{row.tag}</code>
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** A line per QA tool that ran on the build: its status, summary and a link to its stored log (GET /api/builds/<id>/qa/<tool>/log). */
function Qa({ data }: { readonly data: BuildPageData }) {
  if (data.build.state !== 'built' || !data.qa || data.qa.length === 0) return null;
  return (
    <section aria-labelledby="qa-heading">
      <h2 id="qa-heading">piuparts and autopkgtest</h2>
      <table id="qa" class="dense">
        <Columns names={['Tool', 'Status', 'Summary', 'Log']} />
        <tbody>
          {data.qa.map((row) => (
            <tr data-status={row.status}>
              <td>{row.tool}</td>
              <td>{row.status}</td>
              <td>{row.summary}</td>
              <td>{row.hasLog ? <a href={`/api/builds/${encodeURIComponent(data.build.buildId)}/qa/${row.tool}/log`}>log</a> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Events({ events }: { readonly events: readonly BuildEventRow[] }) {
  if (events.length === 0) return null;
  return (
    <section aria-labelledby="events">
      <h2 id="events">Events</h2>
      <table id="build-events" class="dense">
        <Columns names={['Position', 'Event', 'When', 'By']} />
        <tbody>
          {events.map((event) => (
            <tr>
              <td>
                <a href={auditHref(event.position)}>#{event.position}</a>
              </td>
              <td>{event.type}</td>
              <td>
                <Time at={event.occurredAt} />
              </td>
              <td>{event.actor}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** One build: its facts, actions for signed-in viewers, its live or stored log, phases, lintian tags, QA results and events. */
export function BuildPage({ context, data }: { readonly context: PageContext; readonly data: BuildPageData }) {
  const { build } = data;
  return (
    <Layout context={context} title={`Build of ${build.source} ${build.version} on ${build.architecture}`}>
      <p>
        <a href="/builds">All builds</a> · <span class="mono">{build.buildId}</span>
      </p>
      <Result data={data} />
      <Facts data={data} />
      <Actions context={context} data={data} />
      <Log data={data} />
      <Lintian data={data} />
      <Qa data={data} />
      <Events events={data.events} />
    </Layout>
  );
}

export const renderBuildPage = (context: PageContext, data: BuildPageData): string => renderDocument(<BuildPage context={context} data={data} />);
