import { ActionForm, Columns, RequiredSelect, State, Time } from '../components/common.js';
import { formatAge, formatBytes, formatDuration } from '../components/format.js';
import { Layout } from '../layout.js';
import { mayAct, type PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { buildHref } from '../builds/build-facts.js';
import { auditHref } from '../uploads/event-words.js';
import type { ChrootJob } from './chroot-jobs.js';
import { RemoteBuilders, type RemoteBuilderRow } from './remote-builders.js';

/** A chroot of this daemon as ChrootCommandsService.list() gives it. */
export interface ChrootRow {
  readonly name: string;
  readonly codename: string;
  readonly architecture: string;
  readonly mode: string;
  readonly mirror: string;
  readonly sha256: string;
  readonly size: number;
  /** When its tarball was made (created or last updated). */
  readonly createdAt: string;
  /** The log records this tarball (ChrootCreated/ChrootUpdated): builds may use it. */
  readonly recorded: boolean;
}

/** A build running on this daemon's builder (from the build queue, when it knows it). */
export interface RunningBuild {
  readonly buildId: string;
  readonly source?: string;
  readonly version?: string;
  readonly architecture?: string;
  readonly startedAt?: string | null;
}

export interface BuildersData {
  readonly builder: { readonly name: string; readonly slots: number; readonly timeoutSeconds: number; readonly running: readonly RunningBuild[] };
  readonly chroots: readonly ChrootRow[];
  /** The remote builders (`mbd builder`) heard of since the daemon started. */
  readonly remotes?: readonly RemoteBuilderRow[];
  /** Chroot work started from these pages, newest first. */
  readonly jobs: readonly ChrootJob[];
  /** What the create form offers: the configuration's codenames and architectures. */
  readonly choices: { readonly codenames: readonly string[]; readonly architectures: readonly string[] };
  /** ISO time the page was made (for ages). */
  readonly now: string;
}

const jobWords = { create: { running: 'creating', done: 'created', failed: 'creation failed' }, update: { running: 'updating', done: 'updated', failed: 'update failed' } } as const;

function Builder({ data }: { readonly data: BuildersData }) {
  const { builder } = data;
  return (
    <section aria-labelledby="builder">
      <h2 id="builder">Builder</h2>
      <p>
        <strong>{builder.name}</strong>: {builder.running.length} of {builder.slots} slot(s) busy; a build may run {formatDuration(builder.timeoutSeconds)} at most.{' '}
        <a href="/builds">The build queue</a>
      </p>
      {builder.running.length === 0 ? (
        <p>No build is running.</p>
      ) : (
        <ul id="running-builds">
          {builder.running.map((build) => (
            <li>
              <a href={buildHref(build.buildId)}>
                {build.source ? `${build.source} ${build.version ?? ''} on ${build.architecture ?? '?'}` : build.buildId}
              </a>
              {build.startedAt ? (
                <>
                  {' '}
                  since <Time at={build.startedAt} />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const CHROOT_COLUMNS = ['Name', 'Codename', 'Architecture', 'State', 'Size', 'Made', 'Mode', 'Mirror'] as const;

function ChrootState({ chroot, job }: { readonly chroot: ChrootRow; readonly job: ChrootJob | undefined }) {
  if (job?.state === 'running') return <State state={jobWords[job.action].running} />;
  return chroot.recorded ? (
    <State state="ready" />
  ) : (
    <span title="made on this machine, but the log does not record this tarball: update it">
      <State state="unrecorded" />
    </span>
  );
}

function Chroots({ context, data }: { readonly context: PageContext; readonly data: BuildersData }) {
  const jobOf = (codename: string, architecture: string) => data.jobs.find((job) => job.codename === codename && job.architecture === architecture);
  const making = data.jobs.filter(
    (job) => job.state === 'running' && job.action === 'create' && !data.chroots.some((chroot) => chroot.codename === job.codename && chroot.architecture === job.architecture),
  );
  const signedIn = mayAct(context, 'admin');
  return (
    <section aria-labelledby="chroots-heading">
      <h2 id="chroots-heading">Chroots</h2>
      {data.chroots.length === 0 && making.length === 0 ? <p>No chroot yet: builds wait until the chroot of their codename and architecture exists.</p> : null}
      <figure>
        <table id="chroots" class="dense">
          <Columns names={signedIn ? [...CHROOT_COLUMNS, 'Action'] : CHROOT_COLUMNS} />
          <tbody>
            {data.chroots.map((chroot) => {
              const job = jobOf(chroot.codename, chroot.architecture);
              return (
                <tr data-chroot={chroot.name}>
                  <td class="mono">{chroot.name}</td>
                  <td>{chroot.codename}</td>
                  <td>{chroot.architecture}</td>
                  <td>
                    <ChrootState chroot={chroot} job={job} />
                  </td>
                  <td>
                    <span title={`SHA-256 ${chroot.sha256}`}>{formatBytes(chroot.size)}</span>
                  </td>
                  <td>
                    {formatAge(chroot.createdAt, new Date(data.now))} (<Time at={chroot.createdAt} />)
                  </td>
                  <td>{chroot.mode}</td>
                  <td class="mono">{chroot.mirror}</td>
                  {signedIn ? (
                    <td>
                      {job?.state === 'running' ? (
                        '–'
                      ) : (
                        <ActionForm
                          action="/builders/chroots/update"
                          csrf={signedIn}
                          confirm={`Remake ${chroot.name} from ${chroot.mirror}? It takes minutes; builds wait meanwhile.`}
                          label="Update"
                          fields={{ codename: chroot.codename, architecture: chroot.architecture }}
                        />
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
            {making.map((job) => (
              <tr data-chroot={`${job.codename}-${job.architecture}`}>
                <td class="mono">–</td>
                <td>{job.codename}</td>
                <td>{job.architecture}</td>
                <td>
                  <State state="creating" />
                </td>
                <td>–</td>
                <td>
                  started <Time at={job.startedAt} />
                </td>
                <td>–</td>
                <td>–</td>
                {signedIn ? <td>–</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      {signedIn ? <CreateForm csrf={signedIn} choices={data.choices} /> : null}
    </section>
  );
}

function CreateForm({ csrf, choices }: { readonly csrf: string; readonly choices: BuildersData['choices'] }) {
  if (choices.codenames.length === 0 || choices.architectures.length === 0)
    return <p>No repository names a codename yet: create a repository first, then its chroots here.</p>;
  return (
    <form method="post" action="/builders/chroots/create" id="create-chroot" data-confirm="Make this chroot? mmdebstrap takes minutes.">
      <input type="hidden" name="_csrf" value={csrf} />
      <fieldset class="grid">
        <legend>Create a chroot</legend>
        <RequiredSelect label="Codename" name="codename" options={choices.codenames} />
        <RequiredSelect label="Architecture" name="architecture" options={choices.architectures} />
      </fieldset>
      <button type="submit">Create</button>
      <small> It takes minutes: the page shows it in progress, then how it ended.</small>
    </form>
  );
}

function Jobs({ data }: { readonly data: BuildersData }) {
  if (data.jobs.length === 0) return null;
  return (
    <section aria-labelledby="chroot-work">
      <h2 id="chroot-work">Chroot work</h2>
      <ul id="chroot-jobs">
        {data.jobs.map((job) => (
          <li data-job={`${job.codename}-${job.architecture}`} data-state={job.state}>
            <State state={job.state === 'failed' ? 'failed' : jobWords[job.action][job.state]} /> {job.codename}/{job.architecture}, asked by {job.by}{' '}
            <Time at={job.startedAt} />
            {job.state === 'running' ? ': in progress, reload the page to see how it ends.' : null}
            {job.state === 'done' ? (
              <>
                {job.seconds !== undefined ? ` in ${formatDuration(job.seconds)}` : ''}
                {job.position !== undefined ? (
                  <>
                    {': '}
                    <a href={auditHref(job.position)}>event #{job.position}</a>
                  </>
                ) : null}
                .
              </>
            ) : null}
            {job.state === 'failed' ? <span role="alert">: {jobWords[job.action].failed}: {job.error}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** This daemon's builder (slots and running builds), the remote builders, and its chroots, with create and update for signed-in viewers. */
export function BuildersPage({ context, data }: { readonly context: PageContext; readonly data: BuildersData }) {
  return (
    <Layout context={context} title="Builders and chroots">
      <Builder data={data} />
      <RemoteBuilders builders={data.remotes ?? []} now={data.now} />
      <Jobs data={data} />
      <Chroots context={context} data={data} />
    </Layout>
  );
}

export const renderBuildersPage = (context: PageContext, data: BuildersData): string => renderDocument(<BuildersPage context={context} data={data} />);
