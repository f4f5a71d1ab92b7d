import type { AuditLogItem } from '@mbd/projections';
import { testPackageSources } from '@mbd/workflows';
import { summarizeEvent } from '../audit/event-summary.js';
import { ActionForm, Snippet, Time } from '../components/common.js';
import { mayAct, type PageContext } from '../page-context.js';
import { PortFields } from '../packages/port-fields.js';
import { auditHref, uploadHref } from '../uploads/event-words.js';
import { UploadsTable, type UploadSummary } from '../uploads/uploads.page.js';
import type { DistributionSnapshots, RepositoryChoices } from './repository-choices.js';

/** What an action of the repository page caused: the events it appended (`?done=`) and the uploads it started (`?started=`). */
export interface RepositoryOutcome {
  /** Each event with its audit-log entry (absent: not in the audit log yet). */
  readonly done: readonly { readonly position: number; readonly item?: AuditLogItem }[];
  /** Each started upload with its summary (absent: incoming has not recorded it yet). */
  readonly started: readonly { readonly uploadId: string; readonly upload?: UploadSummary }[];
}

/** The result of an action: its events in words, each linked to the audit log; a refusal as an alert with its reason. */
export function Outcome({ outcome }: { readonly outcome: RepositoryOutcome }) {
  const refused = outcome.done.some((entry) => entry.item?.type.endsWith('Refused') === true);
  const found = outcome.started.flatMap((entry) => entry.upload ?? []);
  const pending = outcome.started.filter((entry) => entry.upload === undefined);
  return (
    <section id="result" aria-labelledby="result-title" role={refused ? 'alert' : 'status'}>
      <h2 id="result-title">{refused ? 'Refused' : 'Done'}</h2>
      {outcome.done.length > 0 ? (
        <ul>
          {outcome.done.map(({ position, item }) => (
            <li data-type={item?.type ?? 'unknown'} data-position={position}>
              {item ? (
                <span>
                  {summarizeEvent(item)} (<a href={auditHref(position)}>event {position}</a>)
                </span>
              ) : (
                <span>
                  <a href={auditHref(position)}>Event {position}</a> is not in the audit log yet: reload in a moment.
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {outcome.started.length > 0 ? <p>Uploads started, each through mbd's own incoming, checked, built and installed like any upload:</p> : null}
      {found.length > 0 ? <UploadsTable id="started-uploads" uploads={found} /> : null}
      {pending.length > 0 ? (
        <ul id="started-pending">
          {pending.map(({ uploadId }) => (
            <li>
              <a href={uploadHref(uploadId)}>Upload {uploadId}</a> is not recorded yet: reload in a moment.
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** The snapshots of each stable-type distribution (to anyone), and for a signed-in viewer the forms that make and delete them. */
export function Snapshots({ context, views }: { readonly context: PageContext; readonly views: readonly DistributionSnapshots[] }) {
  const csrf = mayAct(context, 'staff');
  return (
    <section id="snapshots" aria-labelledby="snapshots-title">
      <h2 id="snapshots-title">Snapshots</h2>
      <p>
        A snapshot names a stable-type distribution as of a moment of the log: it costs nothing to make, can name any past moment, and apt reads it under{' '}
        <code>dists/&lt;distribution&gt;/snapshots/&lt;name&gt;/</code>.
      </p>
      {views.length === 0 ? <p>No distribution of this repository is of the stable type: none can have snapshots.</p> : null}
      {views.map((view) => (
        <div class="snapshots" data-distribution={view.distribution}>
          <h3>{view.distribution}</h3>
          {view.snapshots.length === 0 ? (
            <p>No snapshot.</p>
          ) : (
            <ul>
              {view.snapshots.map((snapshot) => (
                <li data-snapshot={snapshot.name}>
                  <a href={snapshot.path}>{snapshot.name}</a> — the archive as of <a href={auditHref(snapshot.position)}>event {snapshot.position}</a>, made{' '}
                  <Time at={snapshot.createdAt} />
                  <Snippet id={`snapshot-${view.distribution}-${snapshot.name}`} label="sources.list lines" text={snapshot.sourcesList} />
                  {csrf ? (
                    <ActionForm
                      action={`/snapshots/${encodeURIComponent(view.distribution)}/${encodeURIComponent(snapshot.name)}/delete`}
                      csrf={csrf}
                      confirm={`Delete snapshot ${snapshot.name} of ${view.distribution}? apt can no longer read it (the log keeps that it existed).`}
                      label="Delete"
                      danger
                    />
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {csrf ? (
            <ActionForm action={`/snapshots/${encodeURIComponent(view.distribution)}`} csrf={csrf} confirm={`Make a snapshot of ${view.distribution}?`} label="Create snapshot">
              <label>
                Name
                <input type="text" name="name" required maxlength={200} pattern="[A-Za-z0-9][A-Za-z0-9.+_~-]*" autocomplete="off" />
              </label>
              <label>
                At (optional: a log position or a time, e.g. 2026-11-30T12:00:00Z; default now)
                <input type="text" name="at" maxlength={64} autocomplete="off" />
              </label>
            </ActionForm>
          ) : null}
        </div>
      ))}
    </section>
  );
}

/** A labelled checkbox per distribution, `checked` ones ticked. */
function DistributionChoice({ legend, name, options, checked }: { readonly legend: string; readonly name: string; readonly options: readonly string[]; readonly checked: readonly string[] }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label>
          <input type="checkbox" name={name} value={option} checked={checked.includes(option)} /> {option}
        </label>
      ))}
    </fieldset>
  );
}

/** mini-buildd's port_ext, keyring_packages and test_packages for a signed-in viewer (nothing otherwise). */
export function ArchiveWork({ context, repository, choices }: { readonly context: PageContext; readonly repository: string; readonly choices: RepositoryChoices }) {
  const csrf = mayAct(context, 'staff');
  if (!csrf) return null;
  if (choices.uploadable.length === 0) return null;
  return (
    <section id="archive-work" aria-labelledby="archive-work-title">
      <h2 id="archive-work-title">Ports, keyring and test packages</h2>
      <h3>Port an external source (port_ext)</h3>
      <ActionForm
        action="/port-ext"
        csrf={csrf}
        fields={{ repository }}
        confirm="Download this .dsc and its files, check them, and port it to the chosen distributions?"
        label="Port external source"
      >
        <label>
          URL of the .dsc (http or https)
          <input type="url" name="dsc" required maxlength={2000} placeholder="https://deb.debian.org/debian/pool/main/h/hello/hello_2.10-3.dsc" autocomplete="off" />
        </label>
        <PortFields targets={choices.uploadable} legend="Port to" />
        <label>
          <input type="checkbox" name="allowUnauthenticated" value="on" /> Allow a .dsc no uploader of this repository signed
        </label>
      </ActionForm>
      <h3>Keyring packages</h3>
      <ActionForm
        action="/keyring-packages"
        csrf={csrf}
        fields={{ repository }}
        confirm={`Build ${repository}-archive-keyring for the chosen distributions?`}
        label="Build keyring packages"
      >
        <DistributionChoice legend={`Build ${repository}-archive-keyring for`} name="distributions" options={choices.uploadable} checked={choices.keyring} />
        <label>
          <input type="checkbox" name="withoutMigration" value="on" /> Without migration (leave each where it is installed)
        </label>
      </ActionForm>
      <h3>Test packages</h3>
      <ActionForm action="/test-packages" csrf={csrf} fields={{ repository }} confirm="Upload mbd's test packages to the chosen distributions?" label="Upload test packages">
        <fieldset>
          <legend>Test sources</legend>
          {testPackageSources.map((source) => (
            <label>
              <input type="checkbox" name="sources" value={source} checked /> {source}
            </label>
          ))}
        </fieldset>
        <DistributionChoice legend="Upload to" name="distributions" options={choices.uploadable} checked={choices.test} />
      </ActionForm>
    </section>
  );
}
