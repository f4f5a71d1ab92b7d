import type { DistributionSettings } from '@mbd/archive';
import type { RepositoryConfig } from '@mbd/events';
import { archiveTreeUrl, auditUrl, packageUrl } from '../archive/archive-urls.js';
import { ArchiveDiffForm, TimeTravelPicker } from '../archive/time-travel-forms.js';
import { Columns, NamePager, Snippet, Time } from '../components/common.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { distributionAnchor } from './repositories.page.js';
import { ArchiveWork, Outcome, Snapshots, type RepositoryOutcome } from './repository-actions.js';
import type { DistributionSnapshots, RepositoryChoices } from './repository-choices.js';
import type { RepositorySnippets } from '../../repositories/repository-snippets.js';

/** A source in a distribution, as the repository-state read model has it. */
export interface PackageRow {
  readonly source: string;
  readonly version: string;
  /** The event that put it there, and when. */
  readonly position: number;
  readonly since: string;
}

/** One page of a distribution's sources, by name (keyset: `after` the last name of the previous page). */
export interface PackagesPage {
  readonly rows: readonly PackageRow[];
  readonly total: number;
  /** The name this page starts after, when it is not the first page. */
  readonly after?: string;
  /** The name the next page starts after, when there is one. */
  readonly next?: string;
}

export interface DistributionView {
  readonly settings: DistributionSettings;
  readonly packages: PackagesPage;
  /** Its rollback distributions, slot 0 first, with how many sources each keeps. */
  readonly rollbacks: readonly { readonly name: string; readonly sources: number }[];
}

export interface RepositoryData {
  readonly repository: RepositoryConfig;
  readonly distributions: readonly DistributionView[];
  /** The keys that may upload (UploaderCommandsService.list). */
  readonly uploaders: readonly { readonly fingerprint: string; readonly name: string }[];
  readonly archiveKeyFingerprint: string;
  readonly snippets: RepositorySnippets;
  /** The head of the log (0: empty). */
  readonly head: number;
  /** Each stable-type distribution with its snapshots. */
  readonly snapshots?: readonly DistributionSnapshots[];
  /** The distributions the port_ext, keyring and test package forms offer. */
  readonly choices?: RepositoryChoices;
  /** The one command a new client runs to trust the archive (mini-buildd-bootstrap-apt). */
  readonly bootstrap?: string;
  /** What an action of this page just caused. */
  readonly outcome?: RepositoryOutcome;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** The Release fields apt's pinning reads: `NotAutomatic: yes` and `ButAutomaticUpgrades: yes`, when set. */
const releaseFlags = ({ notAutomatic, butAutomaticUpgrades }: { readonly notAutomatic: boolean; readonly butAutomaticUpgrades: boolean }) =>
  [notAutomatic ? 'NotAutomatic' : '', butAutomaticUpgrades ? 'ButAutomaticUpgrades' : ''].filter(Boolean).join(', ') || '–';

function RepositoryLayout({ repository }: { readonly repository: RepositoryConfig }) {
  const { layout } = repository;
  const metas = Object.entries(layout.metaDistributions);
  return (
    <section aria-labelledby="layout">
      <h2 id="layout">Layout: {layout.name}</h2>
      <div class="overflow-auto">
        <table class="dense" id="suites">
          <caption>Suites, in order</caption>
          <Columns names={['Suite', 'Uploadable', 'Migrates to', 'Experimental', 'Rollbacks', 'Lintian', 'Release flags', 'Keyring package']} />
          <tbody>
            {layout.suites.map((suite) => (
              <tr>
                <th scope="row">{suite.name}</th>
                <td>{yesNo(suite.uploadable)}</td>
                <td>{suite.migratesTo ?? '–'}</td>
                <td>{yesNo(suite.experimental)}</td>
                <td>{suite.rollback}</td>
                <td>{suite.lintian}</td>
                <td>{releaseFlags(suite)}</td>
                <td>{yesNo(suite.buildKeyringPackage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Version rules</h3>
      <dl id="version-rules">
        <dt>Default version</dt>
        <dd>
          <code>{layout.versionRules.defaultVersion || '(none)'}</code>, in experimental suites <code>{layout.versionRules.experimentalDefaultVersion || '(none)'}</code>
        </dd>
        <dt>Mandatory version (regular expression)</dt>
        <dd>
          <code>{layout.versionRules.mandatoryVersionRegex}</code>, in experimental suites <code>{layout.versionRules.experimentalMandatoryVersionRegex}</code>
        </dd>
        {metas.length > 0 ? (
          <>
            <dt>Meta distributions</dt>
            <dd>{metas.map(([meta, target]) => `${meta} → ${target}`).join(', ')}</dd>
          </>
        ) : null}
        <dt>Upload policy</dt>
        <dd>
          {repository.uploadPolicy}; unsigned uploads {repository.allowUnsignedUploads ? 'accepted' : 'refused'}
        </dd>
      </dl>
      <h3>Codenames</h3>
      <table class="dense" id="codenames">
        <Columns names={['Codename', 'Code version', 'Architectures', 'arch:all built on', 'Components']} />
        <tbody>
          {repository.codenames.map((codename) => (
            <tr>
              <th scope="row">{codename.codename}</th>
              <td>{codename.codeversion}</td>
              <td>{codename.architectures.map((entry) => (entry.optional ? `${entry.architecture} (optional)` : entry.architecture)).join(', ')}</td>
              <td>{codename.archAllOn}</td>
              <td>{codename.components.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function pageUrl(repository: string, distribution: string, after?: string): string {
  const query = after === undefined ? '' : `?${new URLSearchParams({ distribution, after }).toString()}`;
  return `/repositories/${encodeURIComponent(repository)}${query}#${distributionAnchor(distribution)}`;
}

const architecturesOf = (settings: DistributionSettings) =>
  settings.architectures.map((entry) => (entry.optional ? `${entry.architecture} (optional)` : entry.architecture)).join(', ');

/** Every distribution with what is its own (the suite's options are in the suites table), each linked to its packages below. */
function DistributionSettingsTable({ repository, views, head }: { readonly repository: string; readonly views: readonly DistributionView[]; readonly head: number }) {
  return (
    <div class="overflow-auto">
      <table class="dense" id="distribution-settings">
        <Columns names={['Distribution', 'Packages', 'Components; architectures', 'Uploads', 'Migrates to', 'Rollbacks (sources kept)', 'Version rule']} />
        <tbody>
          {views.map(({ settings, packages, rollbacks }) => (
            <tr>
              <th scope="row">
                <a href={`#${distributionAnchor(settings.name)}`}>{settings.name}</a>
              </th>
              <td>
                {packages.total}
                {head > 0 ? (
                  <>
                    {' · '}
                    <a href={archiveTreeUrl(repository, head, ['dists', settings.name])}>files</a>
                  </>
                ) : null}
              </td>
              <td>
                {settings.components.join(', ')}; {architecturesOf(settings)}
              </td>
              <td>{settings.uploadable ? (settings.experimental ? 'accepted (experimental)' : 'accepted') : 'no (migrations only)'}</td>
              <td>{settings.migratesTo ? <a href={`#${distributionAnchor(settings.migratesTo)}`}>{settings.migratesTo}</a> : '–'}</td>
              <td>
                {rollbacks.length === 0
                  ? 'none'
                  : `${rollbacks.length} (${rollbacks.map((rollback) => `${rollback.name.slice(settings.name.length + 1)}: ${rollback.sources}`).join(', ')})`}
              </td>
              <td>
                matches <code>{settings.versionRule.mandatoryRegex}</code>; ports get <code>{settings.versionRule.defaultVersion || '(nothing)'}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One distribution's packages, a page at a time. */
function DistributionPackages({ repository, view }: { readonly repository: string; readonly view: DistributionView }) {
  const { settings, packages } = view;
  const anchor = distributionAnchor(settings.name);
  return (
    <section id={anchor} aria-labelledby={`${anchor}-title`}>
      <h3 id={`${anchor}-title`}>{settings.name}</h3>
      {packages.total === 0 ? (
        <p>No package.</p>
      ) : (
        <>
          <table class="dense" id={`packages-${settings.name}`}>
            <caption>
              {packages.total} source package(s)
              {packages.after !== undefined ? `, after ${packages.after}` : ''}
            </caption>
            <Columns names={['Source', 'Version', 'Since']} />
            <tbody>
              {packages.rows.map((row) => (
                <tr>
                  <td>
                    <a href={packageUrl(row.source)}>{row.source}</a>
                  </td>
                  <td>{row.version}</td>
                  <td>
                    <a href={auditUrl(row.position)} title={`event ${row.position}`}>
                      <Time at={row.since} />
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <NamePager
            label={`Pages of ${settings.name}`}
            first={packages.after !== undefined ? pageUrl(repository, settings.name) : undefined}
            next={packages.next !== undefined ? pageUrl(repository, settings.name, packages.next) : undefined}
          />
        </>
      )}
    </section>
  );
}

function Snippets({ id, snippets, bootstrap }: { readonly id: string; readonly snippets: RepositorySnippets; readonly bootstrap: string | undefined }) {
  const base = `/repositories/${encodeURIComponent(id)}`;
  return (
    <section aria-labelledby="use">
      <h2 id="use">Use it</h2>
      {bootstrap !== undefined ? (
        <Snippet
          id="snippet-bootstrap"
          label={`Trust the archive in one command (mini-buildd-bootstrap-apt: installs ${id}-archive-keyring and its .sources; ${base}/bootstrap-apt.sh)`}
          text={bootstrap}
        />
      ) : null}
      <p>
        The archive key: <a href={`${base}/archive-key.asc`}>archive-key.asc</a> (ASCII-armored) ·{' '}
        <a href={`${base}/archive-keyring.gpg`}>archive-keyring.gpg</a> (a binary keyring for apt's Signed-By).
      </p>
      <Snippet
        id="snippet-keyring"
        label={`Fetch the keyring to ${snippets.keyring.path}`}
        text={`sudo install -d -m 0755 /etc/apt/keyrings\nsudo curl -fsSL -o ${snippets.keyring.path} ${snippets.keyring.url}\n`}
      />
      <Snippet id="snippet-sources-list" label={`sources.list lines (${base}/sources.list)`} text={snippets.sourcesList} />
      {snippets.sources.map((entry) => (
        <Snippet
          id={`snippet-sources-${entry.codename}`}
          label={`/etc/apt/sources.list.d/mbd-${id}-${entry.codename}.sources, the key embedded (${base}/${entry.codename}.sources)`}
          text={entry.text}
        />
      ))}
      {snippets.dputCf !== undefined ? (
        <Snippet id="snippet-dput-cf" label={`A dput.cf section (${base}/dput.cf)`} text={snippets.dputCf} />
      ) : (
        <p>No distribution of this repository takes uploads.</p>
      )}
    </section>
  );
}

/** `GET /repositories/<id>`: the layout, distributions, uploaders, archive key, snippets, contents and time travel of one repository. */
export function RepositoryPage({ context, data }: { readonly context: PageContext; readonly data: RepositoryData }) {
  const id = data.repository.repository;
  return (
    <Layout context={context} title={`Repository ${id}`}>
      {data.outcome ? <Outcome outcome={data.outcome} /> : null}
      <p>
        <a href="/repositories">All repositories</a>
      </p>
      <RepositoryLayout repository={data.repository} />
      <section aria-labelledby="distributions">
        <h2 id="distributions">Distributions</h2>
        <DistributionSettingsTable repository={id} views={data.distributions} head={data.head} />
        <h2 id="packages">Packages</h2>
        {data.distributions.map((view) => (
          <DistributionPackages repository={id} view={view} />
        ))}
      </section>
      <section aria-labelledby="uploaders-title">
        <h2 id="uploaders-title">Uploaders</h2>
        {data.uploaders.length === 0 ? (
          <p>No key may upload{data.repository.allowUnsignedUploads ? ' (unsigned uploads are accepted)' : ''}.</p>
        ) : (
          <table class="dense" id="uploaders">
            <Columns names={['Name', 'Fingerprint']} />
            <tbody>
              {data.uploaders.map((uploader) => (
                <tr>
                  <td>{uploader.name}</td>
                  <td>
                    <code class="hash">{uploader.fingerprint}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          Archive key: <code class="hash" id="archive-key-fingerprint">{data.archiveKeyFingerprint}</code>
        </p>
      </section>
      {data.snapshots ? <Snapshots context={context} views={data.snapshots} /> : null}
      {data.choices ? <ArchiveWork context={context} repository={id} choices={data.choices} /> : null}
      <Snippets id={id} snippets={data.snippets} bootstrap={data.bootstrap} />
      <section aria-labelledby="time-travel-section">
        <h2 id="time-travel-section">Time travel</h2>
        {data.head > 0 ? (
          <p>
            <a href={archiveTreeUrl(id, data.head)}>Browse the archive now</a> (just after event {data.head}).
          </p>
        ) : (
          <p>The log is empty: there is nothing to browse yet.</p>
        )}
        <TimeTravelPicker context={context} repository={id} />
        <ArchiveDiffForm repository={id} />
      </section>
    </Layout>
  );
}

export const renderRepositoryPage = (context: PageContext, data: RepositoryData): string => renderDocument(<RepositoryPage context={context} data={data} />);
