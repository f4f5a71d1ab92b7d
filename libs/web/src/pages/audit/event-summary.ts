import { parseStreamId, type MbdEventType } from '@mbd/events';
import { formatDuration } from '../components/format.js';

/** The part of an event a summary reads. */
export interface SummarizedEvent {
  readonly type: string;
  readonly streamId: string;
  readonly data: unknown;
  /** What the audit log filed the event under, where it knows (upload streams inherit theirs). */
  readonly source?: string;
}

const MAX_SUMMARY = 300;

const clip = (text: string): string => (text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text);

const isStrings = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The fields of an event's data, read by type without parsing it against its schema: the events were
 * validated when they were appended, so a summary only needs each field it names to have the right
 * kind. A field that has not (an unknown shape) marks the whole data unreadable; the summary then shows
 * the data itself.
 */
class Fields {
  unreadable = false;
  private readonly data: Readonly<Record<string, unknown>>;

  constructor(data: unknown) {
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) this.data = data as Readonly<Record<string, unknown>>;
    else {
      this.data = {};
      this.unreadable = true;
    }
  }

  text(name: string): string {
    const value = this.data[name];
    if (typeof value === 'string') return value;
    this.unreadable = true;
    return '';
  }

  optionalText(name: string): string | undefined {
    const value = this.data[name];
    if (value === undefined || typeof value === 'string') return value;
    this.unreadable = true;
    return undefined;
  }

  has(name: string): boolean {
    return this.data[name] !== undefined;
  }

  nullableText(name: string): string | null {
    const value = this.data[name];
    if (value === null || typeof value === 'string') return value;
    this.unreadable = true;
    return null;
  }

  number(name: string): number {
    const value = this.data[name];
    if (typeof value === 'number') return value;
    this.unreadable = true;
    return 0;
  }

  flag(name: string): boolean {
    const value = this.data[name];
    if (value === undefined || typeof value === 'boolean') return value === true;
    this.unreadable = true;
    return false;
  }

  texts(name: string): readonly string[] {
    const value = this.data[name];
    if (isStrings(value)) return value;
    this.unreadable = true;
    return [];
  }

  /** lintian's counts (null or absent: no result). */
  lintian(name: string): string {
    const value = this.data[name];
    if (value === undefined || value === null) return '';
    const result = value as { readonly errors?: unknown; readonly warnings?: unknown };
    if (typeof value !== 'object' || typeof result.errors !== 'number' || typeof result.warnings !== 'number') {
      this.unreadable = true;
      return '';
    }
    return `lintian ${result.errors} error(s), ${result.warnings} warning(s)`;
  }
}

const list = (items: readonly string[]): string => items.join(', ');

/** Data of an event the catalogue cannot read, shown as compact JSON (escaped like every text). */
const raw = (data: unknown): string => {
  try {
    return JSON.stringify(data) ?? '';
  } catch {
    return String(data);
  }
};

/** Runs of whitespace (line breaks an upload's reasons may carry) or a space at either end. */
const looseSpace = /\s{2,}|[^\S ]|^ | $/;

/**
 * One event in one line of plain words: `hello 1.0-1 → bookworm-test-unstable`, the reasons of a
 * rejection, what a build did. Text only (the markup escapes it); at most 300 characters.
 */
export function summarizeEvent(event: SummarizedEvent): string {
  const fields = new Fields(event.data);
  const words = fields.unreadable ? undefined : sentence(event.type, fields);
  if (words === undefined || fields.unreadable) return clip(raw(event.data));
  return clip(looseSpace.test(words) ? words.replace(/\s+/g, ' ').trim() : words);
}

/** The sentence of a catalogue event (undefined for a type the catalogue does not know). */
function sentence(type: string, data: Fields): string | undefined {
  const known = type as MbdEventType;
  switch (known) {
    case 'UploadReceived': {
      // incoming checks no signature (the packager does, and UploadAccepted names the key)
      const retryOf = data.optionalText('retryOf');
      return `${data.text('source')} ${data.text('version')} for ${data.text('distribution')} received via ${data.text('via')} from ${data.text('changedBy')}${retryOf ? ` (retry of upload ${retryOf})` : ''}`;
    }
    case 'UploadAccepted': {
      // absent in events recorded before UploadAccepted named the key
      const signedBy = data.has('signedBy') ? data.nullableText('signedBy') : undefined;
      const signature = signedBy ? `, signed by ${signedBy}` : signedBy === null ? ', unsigned' : '';
      return `${data.text('source')} ${data.text('version')} → ${data.text('distribution')}${signature}; builds on ${list(data.texts('buildArchitectures'))}`;
    }
    case 'SourceLinted': {
      const result = data.lintian('lintian');
      const reason = data.optionalText('reason');
      return result
        ? `${data.text('source')} ${data.text('version')}: source ${result}`
        : `${data.text('source')} ${data.text('version')}: lintian could not finish${reason ? `: ${reason}` : ''}`;
    }
    case 'UploadRejected': {
      const source = data.optionalText('source');
      const version = data.optionalText('version');
      const distribution = data.optionalText('distribution');
      const what = source ? `${source}${version ? ` ${version}` : ''}${distribution ? ` for ${distribution}` : ''}` : 'upload';
      return `${what} rejected: ${data.texts('reasons').join('; ')}${data.flag('retriable') ? ' (retriable)' : ''}`;
    }
    case 'UploadFailed':
      return `${data.text('source')} ${data.text('version')} for ${data.text('distribution')} failed: ${data.texts('reasons').join('; ')}`;
    case 'UploadRetried': {
      const reason = data.optionalText('reason');
      return `${data.text('source')} ${data.text('version')} retried as upload ${data.text('retryUploadId')}${reason ? `: ${reason}` : ''}`;
    }
    case 'UploadRetryRefused':
      return `retry refused: ${data.texts('reasons').join('; ')}`;
    case 'BuildRequested': {
      const attempt = data.number('attempt');
      return `build of ${data.text('source')} ${data.text('version')} for ${data.text('distribution')} on ${data.text('architecture')} requested${attempt > 1 ? ` (attempt ${attempt})` : ''}${data.flag('optional') ? ' (optional)' : ''}`;
    }
    case 'BuildStarted':
      return `${data.text('architecture')} build started on ${data.text('builder')} in ${data.text('chroot')}`;
    case 'BuildSucceeded': {
      const result = data.lintian('lintian');
      return `${data.text('architecture')} build succeeded in ${formatDuration(data.number('seconds'))}${result ? `; ${result}` : ''}`;
    }
    case 'BuildFailed':
      return `${data.text('architecture')} build failed (${data.text('status')}): ${data.text('reason')}`;
    case 'BuildCancelled':
      return `${data.text('architecture')} build cancelled: ${data.text('reason')}`;
    case 'PackageInstalled': {
      const replaced = data.optionalText('replaced');
      return `${data.text('source')} ${data.text('version')} installed in ${data.text('distribution')}${replaced ? ` (replacing ${replaced})` : ''}`;
    }
    case 'PackageMigrated': {
      const replaced = data.optionalText('replaced');
      return `${data.text('source')} ${data.text('version')} migrated ${data.text('from')} → ${data.text('to')}${replaced ? ` (replacing ${replaced})` : ''}`;
    }
    case 'PackageRemoved': {
      const reason = data.optionalText('reason');
      return `${data.text('source')} ${data.text('version')} removed from ${data.text('distribution')}${reason ? `: ${reason}` : ''}`;
    }
    case 'PackageRotatedToRollback': {
      const dropped = data.texts('dropped');
      return `${data.text('source')} ${data.text('version')} moved to ${data.text('distribution')}-rollback0${dropped.length > 0 ? `; ${list(dropped)} left the rollbacks` : ''}`;
    }
    case 'PackageRemovedFromRollback':
      return `${data.text('source')} ${data.text('version')} removed from ${data.text('distribution')}-rollback${data.number('rollback')}`;
    case 'PackageRestored': {
      const distribution = data.text('distribution');
      return `${data.text('source')} ${data.text('version')} restored from ${distribution}-rollback${data.number('rollback')} into ${distribution}`;
    }
    case 'PackagePorted':
      return `${data.text('source')} ${data.text('fromVersion')} ported (${data.text('kind')}) from ${data.text('from')} to ${data.text('to')} as ${data.text('version')}`;
    case 'ArchiveCommandRefused': {
      const version = data.optionalText('version');
      return `${data.text('command')} of ${data.text('source')}${version ? ` ${version}` : ''} in ${data.text('distribution')} refused: ${data.text('message')}`;
    }
    case 'RepositoryCreated':
      return `repository ${data.text('repository')} created`;
    case 'RepositoryChanged':
      return `repository ${data.text('repository')} changed`;
    case 'SourceAdded':
      return `APT source ${data.text('codename')} (${data.text('origin')}) added from ${data.text('mirror')}`;
    case 'SourceChanged':
      return `APT source ${data.text('codename')} (${data.text('origin')}) changed`;
    case 'ChrootCreated':
      return `chroot ${data.text('codename')}/${data.text('architecture')} created`;
    case 'ChrootUpdated':
      return `chroot ${data.text('codename')}/${data.text('architecture')} updated`;
    case 'ChrootRemoved':
      return `chroot ${data.text('codename')}/${data.text('architecture')} removed`;
    case 'UploaderAdded':
      return `${data.text('name')} (key ${data.text('fingerprint')}) may upload to ${data.text('repository')}`;
    case 'UploaderRemoved':
      return `key ${data.text('fingerprint')} may no longer upload to ${data.text('repository')}`;
    case 'ArchiveKeyGenerated':
      return `archive key ${data.text('fingerprint')} generated`;
    case 'DaemonConfigured':
      return `daemon ${data.text('identity')} configured: ${data.number('maxParallelBuilds')} parallel build(s)`;
    case 'EventParked':
      return `${data.text('follower')} parked the ${data.text('eventType')} at ${data.number('position')} after ${data.number('attempts')} attempt(s): ${data.text('reason')}`;
    case 'ParkedEventRetried':
      return `${data.text('follower')} was asked to handle the event at ${data.number('position')} again`;
    case 'ReactionClaimed':
      return `${data.text('claimedBy')} took on the ${data.text('follower')} work for the ${data.text('eventType')} at ${data.number('position')}`;
    case 'SnapshotCreated':
      return `snapshot ${data.text('name')} of ${data.text('distribution')} created at position ${data.number('position')}`;
    case 'SnapshotDeleted':
      return `snapshot ${data.text('name')} of ${data.text('distribution')} deleted`;
    case 'SnapshotRefused':
      return `snapshot ${data.text('command')} of ${data.text('name')} in ${data.text('distribution')} refused: ${data.text('message')}`;
    case 'UserRegistered':
      return `${data.text('name')} registered (pending an admin's approval)`;
    case 'UserCreated':
      return `user ${data.text('name')} created as ${data.text('role')}`;
    case 'UserApproved':
      return `user ${data.text('name')} approved`;
    case 'UserRoleChanged':
      return `user ${data.text('name')} is now ${data.text('role')} (was ${data.text('previous')})`;
    case 'UserDisabled':
      return `user ${data.text('name')} disabled`;
    case 'TokenIssued':
      return `token ${data.text('name')} (${data.text('id')}) issued to ${data.text('user')}`;
    case 'TokenRevoked':
      return `token ${data.text('id')} of ${data.text('user')} revoked`;
    case 'UserKeySubmitted':
      return `${data.text('user')} submitted key ${data.text('fingerprint')}`;
    case 'UserKeyApproved':
      return `key ${data.text('fingerprint')} of ${data.text('user')} approved for ${list(data.texts('repositories'))}`;
    case 'UserKeyRejected':
      return `key ${data.text('fingerprint')} of ${data.text('user')} rejected`;
    case 'UserCommandRefused':
      return `${data.text('command')} on user ${data.text('user')} refused: ${data.text('message')}`;
    case 'BuilderRegistered':
      return `builder ${data.text('name')} registered: ${list(data.texts('architectures'))} for ${list(data.texts('codenames'))}, ${data.number('slots')} slot(s), key ${data.text('fingerprint')}`;
    case 'BuilderKeyApproved':
      return `key ${data.text('fingerprint')} of builder ${data.text('name')} approved`;
    case 'BuildResultRefused':
      return `result of build ${data.text('buildId')} from builder ${data.text('builder')} refused (${data.text('reason')}): ${data.text('message')}${data.flag('requeued') ? '; the build was requested again' : ''}`;
    case 'SubscriptionAdded':
      return `${data.text('user')} subscribed to ${data.text('source')} in ${data.text('distribution')} (mail to ${data.text('address')})`;
    case 'SubscriptionRemoved':
      return `${data.text('user')} unsubscribed from ${data.text('source')} in ${data.text('distribution')}`;
    case 'WebhookAdded':
      return `webhook ${data.text('url')} added${data.has('events') ? ` for ${list(data.texts('events'))}` : ''}`;
    case 'WebhookRemoved':
      return `webhook ${data.text('url')} removed`;
    case 'NotificationSent':
      return `${data.text('channel')} to ${data.text('target')} about the event at ${data.number('position')} sent`;
    case 'NotificationFailed':
      return `${data.text('channel')} to ${data.text('target')} about the event at ${data.number('position')} failed after ${data.number('attempts')} attempt(s): ${data.text('error')}`;
    default:
      return notInCatalogue(known);
  }
}

/** A type the catalogue does not know: every known type has its case above, so `type` is never one. */
const notInCatalogue = (_type: never): undefined => undefined;

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
  if (!event.streamId.startsWith('upload-')) return undefined; // the only streams that name an upload
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
  const retry = event.type === 'UploadRetried' ? nonEmptyString(field(event.data, 'retryUploadId')) : event.type === 'UploadReceived' ? nonEmptyString(field(event.data, 'retryOf')) : undefined;
  if (retry) links.push({ href: `/uploads/${encodeURIComponent(retry)}`, label: event.type === 'UploadRetried' ? 'retry' : 'retry of', title: `upload ${retry}` });
  const buildId = nonEmptyString(field(event.data, 'buildId'));
  if (buildId) links.push({ href: `/builds/${encodeURIComponent(buildId)}`, label: 'build', title: `build ${buildId}` });
  const parked = field(event.data, 'position');
  if ((event.type === 'EventParked' || event.type === 'ParkedEventRetried') && typeof parked === 'number' && Number.isSafeInteger(parked) && parked > 0)
    links.push({ href: `/audit/${parked}`, label: `event ${parked}`, title: `the parked event at ${parked}` });
  return links;
}
