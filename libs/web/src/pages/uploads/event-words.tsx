import type { ComponentChildren } from 'preact';
import {
  ArchiveCommandRefused,
  BuildCancelled,
  BuildFailed,
  BuildRequested,
  BuildStarted,
  BuildSucceeded,
  PackageInstalled,
  PackageMigrated,
  PackagePorted,
  PackageRemoved,
  PackageRemovedFromRollback,
  PackageRestored,
  PackageRotatedToRollback,
  SourceLinted,
  UploadAccepted,
  UploadFailed,
  UploadReceived,
  UploadRejected,
  UploadRetried,
  UploadRetryRefused,
  type DataOf,
  type EventDescriptor,
  type RecordedEvent,
} from '@mbd/events';
import { actorName, type AuditLogItem } from '@mbd/projections';
import { buildHref } from '../builds/build-facts.js';
import { Time } from '../components/common.js';
import { formatDuration } from '../components/format.js';
import { auditEventHref } from '../audit/audit-query.js';

/** An event as the uploads and packages pages tell it: from an upload's stream or from the audit log. */
export interface StoryEvent {
  readonly position: number;
  readonly type: string;
  /** As the audit log names it: `user:alice`, `key:<fingerprint>`, `remote:<name>`, `daemon`. */
  readonly actor: string;
  readonly occurredAt: string;
  readonly data: unknown;
}

export const storyEventOfRecorded = (event: RecordedEvent): StoryEvent => ({
  position: event.position,
  type: event.type,
  actor: actorName(event.metadata.actor),
  occurredAt: event.metadata.occurredAt,
  data: event.data,
});

export const storyEventOfAudit = (item: AuditLogItem): StoryEvent => ({
  position: item.position,
  type: item.type,
  actor: item.actor,
  occurredAt: item.occurredAt,
  data: item.data,
});

/** The events of several reads in global order, each once. */
export const mergeStories = (...lists: readonly (readonly StoryEvent[])[]): StoryEvent[] => {
  const byPosition = new Map<number, StoryEvent>();
  for (const list of lists) for (const event of list) if (!byPosition.has(event.position)) byPosition.set(event.position, event);
  return [...byPosition.values()].sort((a, b) => a.position - b.position);
};

/**
 * An event's data as its current schema describes it, or undefined when it does not fit (an event
 * the page does not know how to tell then falls back to its type).
 */
export const dataOf = <D extends EventDescriptor>(descriptor: D, event: StoryEvent): DataOf<D> | undefined => {
  if (event.type !== descriptor.type) return undefined;
  const parsed = descriptor.schema.safeParse(event.data);
  return parsed.success ? (parsed.data as DataOf<D>) : undefined;
};

/** A build page's address (defined beside the build pages). */
export { buildHref };
export const buildLogHref = (buildId: string): string => `/api/builds/${encodeURIComponent(buildId)}/log`;
export const uploadHref = (uploadId: string): string => `/uploads/${encodeURIComponent(uploadId)}`;
export const packageHref = (source: string): string => `/packages/${encodeURIComponent(source)}`;
/** `/audit/<position>` (the audit area's one implementation). */
export const auditHref = auditEventHref;

/** Who did it, in words, linked to their events in the audit log. */
export function Actor({ actor }: { readonly actor: string }) {
  const href = `/audit?actor=${encodeURIComponent(actor)}`;
  const [kind, ...rest] = actor.split(':');
  const name = rest.join(':');
  if (actor === 'daemon') return <a href={href}>the daemon</a>;
  if (kind === 'key')
    return (
      <a href={href}>
        key <code class="hash">{name}</code>
      </a>
    );
  if (kind === 'remote') return <a href={href}>remote {name}</a>;
  return <a href={href}>{kind === 'user' ? name : actor}</a>;
}

/** "by <who>, <when> · event <position>": the facts every step carries. */
export function EventMeta({ event }: { readonly event: StoryEvent }) {
  return (
    <small class="event-meta">
      by <Actor actor={event.actor} />, <Time at={event.occurredAt} /> · <a href={auditHref(event.position)}>event {event.position}</a>
    </small>
  );
}

function Package({ source, version, link }: { readonly source: string; readonly version?: string; readonly link: boolean }) {
  const name = link ? <a href={packageHref(source)}>{source}</a> : <strong>{source}</strong>;
  return (
    <span>
      {name}
      {version ? ` ${version}` : ''}
    </span>
  );
}

const lintianWords = (lintian: { readonly errors: number; readonly warnings: number } | null | undefined): string =>
  lintian ? `lintian: ${lintian.errors} error(s), ${lintian.warnings} warning(s)` : '';

export const reasonsOf = (data: unknown): string[] => {
  if (typeof data !== 'object' || data === null) return [];
  const record = data as { reasons?: unknown; reason?: unknown };
  if (Array.isArray(record.reasons)) return record.reasons.filter((reason): reason is string => typeof reason === 'string');
  return typeof record.reason === 'string' ? [record.reason] : [];
};

/** The reasons of a rejection or failure, one an item (each its own line, as the daemon wrote it). */
export function Reasons({ reasons }: { readonly reasons: readonly string[] }) {
  return (
    <ul class="reasons">
      {reasons.map((reason) => (
        <li>{reason}</li>
      ))}
    </ul>
  );
}

export interface EventWordsOptions {
  /** Link source names to their package tracker (off on the tracker itself). */
  readonly linkPackage?: boolean;
  /** Link an install to its upload's page (off on the upload's own page). */
  readonly linkUpload?: boolean;
  /** The reasons of a rejection or failure are listed below the sentence (the upload's page), not in it. */
  readonly reasonsBelow?: boolean;
}

const joinReasons = (reasons: readonly string[], below: boolean | undefined): string =>
  below ? (reasons.length === 1 ? 'for this reason:' : `for these ${reasons.length} reasons:`) : reasons.join('; ') || 'no reason recorded';

/**
 * One event in one sentence of plain words, with links to the builds, logs and uploads it names.
 * Everything the event carries (names, reasons, versions) is text, escaped by preact.
 */
export function EventWords({ event, options = {} }: { readonly event: StoryEvent; readonly options?: EventWordsOptions }): ComponentChildren {
  const link = options.linkPackage ?? true;
  switch (event.type) {
    case 'UploadReceived': {
      const data = dataOf(UploadReceived, event);
      if (!data) break;
      return (
        <span>
          Received <Package source={data.source} version={data.version} link={link} /> for {data.distribution} over {data.via}: changed by{' '}
          {data.changedBy}, {data.files.length} file(s).
        </span>
      );
    }
    case 'UploadAccepted': {
      const data = dataOf(UploadAccepted, event);
      if (!data) break;
      return (
        <span>
          Accepted for {data.distribution}
          {data.signedBy ? (
            <span>
              , signed by key <code class="hash">{data.signedBy}</code>
            </span>
          ) : data.signedBy === null ? (
            ', unsigned'
          ) : (
            ''
          )}
          : every check passed. Builds for {data.buildArchitectures.join(', ')}
          {data.archAllOn ? ` (arch:all on ${data.archAllOn})` : ''}
          {data.lintSource ? ', lintian on the source beside them' : ''}.
        </span>
      );
    }
    case 'UploadRejected': {
      const data = dataOf(UploadRejected, event);
      const reasons = data?.reasons ?? reasonsOf(event.data);
      return (
        <span>
          Rejected{data?.source ? <span> (<Package source={data.source} version={data.version} link={link} />)</span> : ''}
          {options.reasonsBelow ? ' ' : ': '}
          {joinReasons(reasons, options.reasonsBelow)}
          {data?.retriable ? ' — the daemon could not review it; it may be reviewed again.' : ''}
        </span>
      );
    }
    case 'UploadRetried': {
      const data = dataOf(UploadRetried, event);
      if (!data) break;
      return (
        <span>
          Retried <Package source={data.source} version={data.version} link={link} /> as upload <a href={uploadHref(data.retryUploadId)}>{data.retryUploadId}</a>
          {data.reason ? `: ${data.reason}` : ''}.
        </span>
      );
    }
    case 'UploadRetryRefused': {
      const data = dataOf(UploadRetryRefused, event);
      if (!data) break;
      return (
        <span>
          Retry refused{options.reasonsBelow ? ' ' : ': '}
          {joinReasons(data.reasons, options.reasonsBelow)}
        </span>
      );
    }
    case 'UploadFailed': {
      const data = dataOf(UploadFailed, event);
      const reasons = data?.reasons ?? reasonsOf(event.data);
      return (
        <span>
          Failed, nothing installed{options.reasonsBelow ? ', ' : ': '}
          {joinReasons(reasons, options.reasonsBelow)}
        </span>
      );
    }
    case 'SourceLinted': {
      const data = dataOf(SourceLinted, event);
      if (!data) break;
      return data.lintian ? (
        <span>lintian on the source {data.version}: {data.lintian.errors} error(s), {data.lintian.warnings} warning(s).</span>
      ) : (
        <span>lintian on the source {data.version} could not finish{data.reason ? `: ${data.reason}` : ''}.</span>
      );
    }
    case 'BuildRequested': {
      const data = dataOf(BuildRequested, event);
      if (!data) break;
      return (
        <span>
          <a href={buildHref(data.buildId)}>Build of {data.architecture}</a> requested for <Package source={data.source} version={data.version} link={link} /> in{' '}
          {data.distribution}
          {data.attempt > 1 ? ` (attempt ${data.attempt})` : ''}
          {data.archAll ? ', with the arch:all packages' : ''}
          {data.optional ? ', optional' : ''}.
        </span>
      );
    }
    case 'BuildStarted': {
      const data = dataOf(BuildStarted, event);
      if (!data) break;
      return (
        <span>
          <a href={buildHref(data.buildId)}>Build of {data.architecture}</a> started on {data.builder} in chroot {data.chroot}.
        </span>
      );
    }
    case 'BuildSucceeded': {
      const data = dataOf(BuildSucceeded, event);
      if (!data) break;
      return (
        <span>
          <a href={buildHref(data.buildId)}>Built {data.architecture}</a> in {formatDuration(data.seconds)}: {data.files.length} file(s)
          {data.lintian ? `; ${lintianWords(data.lintian)}` : ''}. <a href={buildLogHref(data.buildId)}>Build log</a>
        </span>
      );
    }
    case 'BuildFailed': {
      const data = dataOf(BuildFailed, event);
      if (!data) break;
      return (
        <span>
          <a href={buildHref(data.buildId)}>Build of {data.architecture}</a> failed ({data.status}): {data.reason}
          {data.log ? (
            <span>
              {' '}
              <a href={buildLogHref(data.buildId)}>Build log</a>
            </span>
          ) : (
            ''
          )}
        </span>
      );
    }
    case 'BuildCancelled': {
      const data = dataOf(BuildCancelled, event);
      if (!data) break;
      return (
        <span>
          <a href={buildHref(data.buildId)}>Build of {data.architecture}</a> cancelled: {data.reason}
        </span>
      );
    }
    case 'PackageInstalled': {
      const data = dataOf(PackageInstalled, event);
      if (!data) break;
      return (
        <span>
          Installed <Package source={data.source} version={data.version} link={link} /> in {data.distribution} ({data.binaries.length} binary package(s))
          {data.replaced ? `, replacing ${data.replaced}` : ''}
          {data.uploadId && (options.linkUpload ?? true) ? (
            <span>
              , from <a href={uploadHref(data.uploadId)}>upload {data.uploadId}</a>
            </span>
          ) : (
            ''
          )}
          .
        </span>
      );
    }
    case 'PackageMigrated': {
      const data = dataOf(PackageMigrated, event);
      if (!data) break;
      return (
        <span>
          Migrated <Package source={data.source} version={data.version} link={link} /> from {data.from} to {data.to}
          {data.replaced ? `, replacing ${data.replaced}` : ''}.
        </span>
      );
    }
    case 'PackageRemoved': {
      const data = dataOf(PackageRemoved, event);
      if (!data) break;
      return (
        <span>
          Removed <Package source={data.source} version={data.version} link={link} /> from {data.distribution}
          {data.reason ? `: ${data.reason}` : ''}.
        </span>
      );
    }
    case 'PackageRotatedToRollback': {
      const data = dataOf(PackageRotatedToRollback, event);
      if (!data) break;
      return (
        <span>
          Kept <Package source={data.source} version={data.version} link={link} /> in {data.distribution}-rollback0 (rollbacks now {data.rollbacks.join(', ')}
          {data.dropped.length > 0 ? `; ${data.dropped.join(', ')} left the rollbacks` : ''}).
        </span>
      );
    }
    case 'PackageRemovedFromRollback': {
      const data = dataOf(PackageRemovedFromRollback, event);
      if (!data) break;
      return (
        <span>
          Removed <Package source={data.source} version={data.version} link={link} /> from {data.distribution}-rollback{data.rollback} (rollbacks now{' '}
          {data.rollbacks.join(', ') || 'empty'}).
        </span>
      );
    }
    case 'PackageRestored': {
      const data = dataOf(PackageRestored, event);
      if (!data) break;
      return (
        <span>
          Rolled back: restored <Package source={data.source} version={data.version} link={link} /> from {data.distribution}-rollback{data.rollback} into{' '}
          {data.distribution}.
        </span>
      );
    }
    case 'PackagePorted': {
      const data = dataOf(PackagePorted, event);
      if (!data) break;
      return (
        <span>
          Ported <Package source={data.source} version={data.fromVersion} link={link} /> ({data.kind}) from {data.from} to {data.to} as {data.version}.
        </span>
      );
    }
    case 'ArchiveCommandRefused': {
      const data = dataOf(ArchiveCommandRefused, event);
      if (!data) break;
      return (
        <span>
          Refused to {data.command} <Package source={data.source} version={data.version} link={link} /> in {data.distribution}: {data.message}
        </span>
      );
    }
    default:
      break;
  }
  return <span>{event.type}: see the event for its data.</span>;
}
