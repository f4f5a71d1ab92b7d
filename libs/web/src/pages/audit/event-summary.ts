import { eventDescriptor, parseStreamId, type MbdEvent } from '@mbd/events';
import { formatDuration } from '../components/format.js';

/** The part of an event a summary reads. */
export interface SummarizedEvent {
  readonly type: string;
  readonly streamId: string;
  readonly data: unknown;
  /** What the audit log filed the event under, where it knows (upload streams inherit theirs). */
  readonly source?: string;
}

type Known = MbdEvent extends infer E ? (E extends MbdEvent ? { readonly type: E['type']; readonly data: E['data'] } : never) : never;

/** The event as its current schema reads it, or undefined for a type or shape the catalogue does not know. */
const known = (event: SummarizedEvent): Known | undefined => {
  const descriptor = eventDescriptor(event.type);
  const parsed = descriptor?.schema.safeParse(event.data);
  return parsed?.success ? ({ type: event.type, data: parsed.data } as Known) : undefined;
};

const MAX_SUMMARY = 300;

const clip = (text: string): string => (text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text);

const list = (items: readonly string[]): string => items.join(', ');

const lintian = (result: { readonly errors: number; readonly warnings: number } | null | undefined): string =>
  result ? `lintian ${result.errors} error(s), ${result.warnings} warning(s)` : '';

/** Data of an event the catalogue cannot read, shown as compact JSON (escaped like every text). */
const raw = (data: unknown): string => {
  try {
    return JSON.stringify(data) ?? '';
  } catch {
    return String(data);
  }
};

/**
 * One event in one line of plain words: `hello 1.0-1 → bookworm-test-unstable`, the reasons of a
 * rejection, what a build did. Text only (the markup escapes it); at most 300 characters.
 */
export function summarizeEvent(event: SummarizedEvent): string {
  const parsed = known(event);
  if (!parsed) return clip(raw(event.data));
  return clip(sentence(parsed).replace(/\s+/g, ' ').trim());
}

function sentence(event: Known): string {
  switch (event.type) {
    case 'UploadReceived': {
      const { source, version, distribution, changedBy, via, signedBy } = event.data;
      return `${source} ${version} for ${distribution} received via ${via} from ${changedBy}${signedBy ? '' : ' (unsigned)'}`;
    }
    case 'UploadAccepted': {
      const { source, version, distribution, buildArchitectures } = event.data;
      return `${source} ${version} → ${distribution}; builds on ${list(buildArchitectures)}`;
    }
    case 'SourceLinted': {
      const { source, version, lintian: result, reason } = event.data;
      return result ? `${source} ${version}: source ${lintian(result)}` : `${source} ${version}: lintian could not finish${reason ? `: ${reason}` : ''}`;
    }
    case 'UploadRejected': {
      const { source, version, distribution, reasons, retriable } = event.data;
      const what = source ? `${source}${version ? ` ${version}` : ''}${distribution ? ` for ${distribution}` : ''}` : 'upload';
      return `${what} rejected: ${reasons.join('; ')}${retriable ? ' (retriable)' : ''}`;
    }
    case 'UploadFailed': {
      const { source, version, distribution, reasons } = event.data;
      return `${source} ${version} for ${distribution} failed: ${reasons.join('; ')}`;
    }
    case 'BuildRequested': {
      const { source, version, distribution, architecture, attempt, optional } = event.data;
      return `build of ${source} ${version} for ${distribution} on ${architecture} requested${attempt > 1 ? ` (attempt ${attempt})` : ''}${optional ? ' (optional)' : ''}`;
    }
    case 'BuildStarted': {
      const { architecture, builder, chroot } = event.data;
      return `${architecture} build started on ${builder} in ${chroot}`;
    }
    case 'BuildSucceeded': {
      const { architecture, seconds, lintian: result } = event.data;
      return `${architecture} build succeeded in ${formatDuration(seconds)}${result ? `; ${lintian(result)}` : ''}`;
    }
    case 'BuildFailed': {
      const { architecture, status, reason } = event.data;
      return `${architecture} build failed (${status}): ${reason}`;
    }
    case 'BuildCancelled': {
      const { architecture, reason } = event.data;
      return `${architecture} build cancelled: ${reason}`;
    }
    case 'PackageInstalled': {
      const { source, version, distribution, replaced } = event.data;
      return `${source} ${version} installed in ${distribution}${replaced ? ` (replacing ${replaced})` : ''}`;
    }
    case 'PackageMigrated': {
      const { source, version, from, to, replaced } = event.data;
      return `${source} ${version} migrated ${from} → ${to}${replaced ? ` (replacing ${replaced})` : ''}`;
    }
    case 'PackageRemoved': {
      const { source, version, distribution, reason } = event.data;
      return `${source} ${version} removed from ${distribution}${reason ? `: ${reason}` : ''}`;
    }
    case 'PackageRotatedToRollback': {
      const { source, version, distribution, dropped } = event.data;
      return `${source} ${version} moved to ${distribution}-rollback0${dropped.length > 0 ? `; ${list(dropped)} left the rollbacks` : ''}`;
    }
    case 'PackageRemovedFromRollback': {
      const { source, version, distribution, rollback } = event.data;
      return `${source} ${version} removed from ${distribution}-rollback${rollback}`;
    }
    case 'PackageRestored': {
      const { source, version, distribution, rollback } = event.data;
      return `${source} ${version} restored from ${distribution}-rollback${rollback} into ${distribution}`;
    }
    case 'PackagePorted': {
      const { source, fromVersion, version, from, to, kind } = event.data;
      return `${source} ${fromVersion} ported (${kind}) from ${from} to ${to} as ${version}`;
    }
    case 'ArchiveCommandRefused': {
      const { command, source, version, distribution, message } = event.data;
      return `${command} of ${source}${version ? ` ${version}` : ''} in ${distribution} refused: ${message}`;
    }
    case 'RepositoryCreated':
      return `repository ${event.data.repository} created`;
    case 'RepositoryChanged':
      return `repository ${event.data.repository} changed`;
    case 'SourceAdded':
      return `APT source ${event.data.codename} (${event.data.origin}) added from ${event.data.mirror}`;
    case 'SourceChanged':
      return `APT source ${event.data.codename} (${event.data.origin}) changed`;
    case 'ChrootCreated':
      return `chroot ${event.data.codename}/${event.data.architecture} created`;
    case 'ChrootUpdated':
      return `chroot ${event.data.codename}/${event.data.architecture} updated`;
    case 'ChrootRemoved':
      return `chroot ${event.data.codename}/${event.data.architecture} removed`;
    case 'UploaderAdded':
      return `${event.data.name} (key ${event.data.fingerprint}) may upload to ${event.data.repository}`;
    case 'UploaderRemoved':
      return `key ${event.data.fingerprint} may no longer upload to ${event.data.repository}`;
    case 'ArchiveKeyGenerated':
      return `archive key ${event.data.fingerprint} generated`;
    case 'DaemonConfigured':
      return `daemon ${event.data.identity} configured: ${event.data.maxParallelBuilds} parallel build(s)`;
    case 'EventParked': {
      const { follower, eventType, position, attempts, reason } = event.data;
      return `${follower} parked the ${eventType} at ${position} after ${attempts} attempt(s): ${reason}`;
    }
    case 'ParkedEventRetried':
      return `${event.data.follower} was asked to handle the event at ${event.data.position} again`;
    default: {
      const unreachable: never = event;
      return raw((unreachable as { data: unknown }).data);
    }
  }
}

/** A link an event's row offers: its package, upload, build, or the event it refers to. */
export interface EventLink {
  readonly href: string;
  readonly label: string;
  readonly title: string;
}

const field = (data: unknown, name: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined);
const nonEmptyString = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined);

const uploadIdOf = (event: SummarizedEvent): string | undefined => {
  const own = nonEmptyString(field(event.data, 'uploadId'));
  if (own) return own;
  try {
    const stream = parseStreamId(event.streamId);
    return stream.kind === 'upload' ? stream.uploadId : undefined;
  } catch {
    return undefined;
  }
};

/** The pages an event's data names: `/packages/<source>`, `/uploads/<uploadId>`, `/builds/<buildId>`, a parked event. */
export function eventLinks(event: SummarizedEvent): EventLink[] {
  const links: EventLink[] = [];
  const source = event.source ?? nonEmptyString(field(event.data, 'source'));
  if (source && /^[a-z0-9][a-z0-9+.-]+$/.test(source)) links.push({ href: `/packages/${encodeURIComponent(source)}`, label: source, title: `the package ${source}` });
  const uploadId = uploadIdOf(event);
  if (uploadId) links.push({ href: `/uploads/${encodeURIComponent(uploadId)}`, label: 'upload', title: `upload ${uploadId}` });
  const buildId = nonEmptyString(field(event.data, 'buildId'));
  if (buildId) links.push({ href: `/builds/${encodeURIComponent(buildId)}`, label: 'build', title: `build ${buildId}` });
  const parked = field(event.data, 'position');
  if ((event.type === 'EventParked' || event.type === 'ParkedEventRetried') && typeof parked === 'number' && Number.isSafeInteger(parked) && parked > 0)
    links.push({ href: `/audit/${parked}`, label: `event ${parked}`, title: `the parked event at ${parked}` });
  return links;
}
