import type { ComponentChildren } from 'preact';
import { BuildSucceeded, SourceLinted, UploadReceived, type DataOf, type FileRef, type PackagePorted } from '@mbd/events';
import { Columns, State, Time } from '../components/common.js';
import { formatBytes } from '../components/format.js';
import { Layout } from '../layout.js';
import type { PageContext } from '../page-context.js';
import { renderDocument } from '../render.js';
import { dataOf, EventMeta, EventWords, packageHref, Reasons, reasonsOf, type StoryEvent } from './event-words.js';
import { retriable, retriesOf } from './upload-lineage.js';
import { PortOrigin, RetryFacts, RetryForm } from './upload-retry.js';
import { uploadFacts, uploadStateOf } from './upload-story.js';

export interface UploadPageData {
  readonly uploadId: string;
  /** Where it stands, as the uploads read model says (else as its story tells). */
  readonly state?: string;
  /** Its stream and the archive's later events about it, in global order. */
  readonly story: readonly StoryEvent[];
  /** Set when more events of its source follow than the page read (see them in the audit log). */
  readonly truncated?: boolean;
  /** The port it carries on (its PackagePorted), when it is one. */
  readonly portOrigin?: { readonly event: StoryEvent; readonly data: DataOf<typeof PackagePorted> };
}

type CheckName = 'lintian' | 'piuparts' | 'autopkgtest';

/** The three check modes after the upload's options, as mini-buildd names them. */
function CheckModes({ modes }: { readonly modes: Readonly<Record<CheckName, string>> }) {
  return <span>{`lintian ${modes.lintian}, piuparts ${modes.piuparts}, autopkgtest ${modes.autopkgtest}`}</span>;
}

function Files({ files }: { readonly files: readonly FileRef[] }) {
  return (
    <table class="dense files">
      <Columns names={['File', 'Size', 'SHA-256']} />
      <tbody>
        {files.map((file) => (
          <tr>
            <td class="mono">{file.name}</td>
            <td>{formatBytes(file.size)}</td>
            <td>
              <code class="hash" title={file.sha256}>
                {file.sha256.slice(0, 16)}…
              </code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Tags({ tags }: { readonly tags: readonly string[] | undefined }) {
  if (!tags || tags.length === 0) return null;
  return (
    <details>
      <summary>{tags.length} lintian tag(s)</summary>
      <ul class="lintian">
        {tags.map((tag) => (
          <li class="mono">{tag}</li>
        ))}
      </ul>
    </details>
  );
}

/** The details a step shows besides its sentence: the files received, each reason, lintian's tags. */
function StepDetails({ event }: { readonly event: StoryEvent }): ComponentChildren {
  switch (event.type) {
    case 'UploadReceived': {
      const data = dataOf(UploadReceived, event);
      return data ? <Files files={[data.changes, ...data.files]} /> : null;
    }
    case 'UploadAccepted':
      return (
        <p>
          <small>
            Checked: the distribution and its upload policy, the signature and the uploader's rights, the version rules, and the .dsc against the
            .changes.
          </small>
        </p>
      );
    case 'UploadRejected':
    case 'UploadFailed':
      return <Reasons reasons={reasonsOf(event.data)} />;
    case 'SourceLinted':
      return <Tags tags={dataOf(SourceLinted, event)?.lintian?.tags} />;
    case 'BuildSucceeded':
      return <Tags tags={dataOf(BuildSucceeded, event)?.lintian?.tags} />;
    default:
      return null;
  }
}

/** `GET /uploads/<uploadId>`: the upload's whole story, step by step, each with who and when. */
export function UploadPage({ context, data }: { readonly context: PageContext; readonly data: UploadPageData }) {
  const facts = uploadFacts(data.story);
  const { received, accepted } = facts;
  const state = data.state ?? uploadStateOf(data.uploadId, data.story);
  const title = received ? `Upload ${received.source} ${received.version}` : `Upload ${data.uploadId}`;
  return (
    <Layout context={context} title={title}>
      <dl class="facts">
        <dt>Upload</dt>
        <dd class="mono">{data.uploadId}</dd>
        {state ? (
          <>
            <dt>State</dt>
            <dd id="upload-state">
              <State state={state} />
            </dd>
          </>
        ) : null}
        {received ? (
          <>
            <dt>Package</dt>
            <dd>
              <a href={packageHref(received.source)}>{received.source}</a> {received.version}
            </dd>
            <dt>Distribution</dt>
            <dd>
              {received.distribution}
              {accepted && accepted.distribution !== received.distribution ? ` (${accepted.distribution})` : ''}
            </dd>
            <dt>Changed by</dt>
            <dd>{received.changedBy}</dd>
            <dt>Signed by</dt>
            <dd>
              {accepted?.signedBy ? (
                <code class="hash">{accepted.signedBy}</code>
              ) : accepted?.signedBy === null ? (
                'unsigned (the repository takes unsigned uploads)'
              ) : (
                'not checked yet (the packager verifies the signature)'
              )}
            </dd>
            <dt>Received</dt>
            <dd>
              <Time at={data.story[0]?.occurredAt ?? ''} /> over {received.via}
            </dd>
            {accepted?.options ? (
              <>
                <dt>Upload options</dt>
                <dd id="upload-options">
                  {accepted.options.map((option) => (
                    <code class="mono">{`${option.key}${option.architecture ? `[${option.architecture}]` : ''}=${option.value}`} </code>
                  ))}
                </dd>
              </>
            ) : null}
            {accepted?.checks ? (
              <>
                <dt>Checks</dt>
                <dd id="upload-checks">
                  <CheckModes modes={accepted.checks} />
                  {Object.entries(accepted.checks.architectures)
                    .filter(([, modes]) => ['lintian', 'piuparts', 'autopkgtest'].some((check) => modes[check as CheckName] !== accepted.checks![check as CheckName]))
                    .map(([architecture, modes]) => (
                      <span>
                        ; on {architecture}: <CheckModes modes={modes} />
                      </span>
                    ))}
                </dd>
              </>
            ) : null}
          </>
        ) : null}
        {data.portOrigin ? <PortOrigin origin={data.portOrigin} /> : null}
        <RetryFacts retries={retriesOf(facts, data.story)} />
      </dl>
      {retriable(state) ? <RetryForm context={context} uploadId={data.uploadId} label={received ? `${received.source} ${received.version}` : data.uploadId} /> : null}
      <h2>Story</h2>
      <ol id="story">
        {data.story.map((event) => (
          <li data-type={event.type} data-position={event.position}>
            <p>
              <EventWords event={event} options={{ linkPackage: false, linkUpload: false, reasonsBelow: true }} />
              <br />
              <EventMeta event={event} />
            </p>
            <StepDetails event={event} />
          </li>
        ))}
      </ol>
      <p>
        {received ? (
          <a href={`/audit?source=${encodeURIComponent(received.source)}`}>
            {data.truncated ? 'Later events of this package' : 'Every event of this package'} in the audit log
          </a>
        ) : null}
        {received ? ' · ' : ''}
        <a href={`/audit?correlation=${encodeURIComponent(data.uploadId)}`}>This upload's events in the audit log</a>
      </p>
    </Layout>
  );
}

export const renderUploadPage = (context: PageContext, data: UploadPageData): string => renderDocument(<UploadPage context={context} data={data} />);
