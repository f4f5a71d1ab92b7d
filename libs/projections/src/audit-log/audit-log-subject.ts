import { parseDistributionName } from '@mbd/archive';
import { distributionSchema, repositoryIdSchema, sourceNameSchema, type MbdEventType } from '@mbd/events';

/** What an event is about, as the audit log files it: the `source`, `distribution` and `repository` filters. */
export interface AuditLogSubject {
  /** The source package's name. */
  readonly source: string | null;
  /** A distribution `<codename>-<repository>-<suite>[-rollback<N>]`; never a meta distribution such as `unstable`. */
  readonly distribution: string | null;
  /** A repository identity, e.g. `test`. */
  readonly repository: string | null;
}

export const noSubject: AuditLogSubject = { source: null, distribution: null, repository: null };

/** Which field of an event's data names each part of its subject. */
interface SubjectFields {
  readonly source?: 'source';
  readonly distribution?: 'distribution' | 'to';
  readonly repository?: 'repository';
}

const sourceAndDistribution: SubjectFields = { source: 'source', distribution: 'distribution' };

/**
 * The event types whose data names a source package, a distribution or a repository. Only these: in
 * other events (SourceAdded's APT source, a sample in a test) a field of the same name may mean
 * something else. A migration or port is filed under the distribution it entered (`to`, its stream).
 */
const subjectFields: Partial<Record<MbdEventType, SubjectFields>> = {
  // UploadReceived and UploadRejected carry the .changes' Distribution, which may be a meta distribution
  UploadReceived: sourceAndDistribution,
  UploadRejected: sourceAndDistribution,
  UploadAccepted: { ...sourceAndDistribution, repository: 'repository' },
  SourceLinted: { source: 'source' },
  UploadFailed: sourceAndDistribution,
  BuildRequested: sourceAndDistribution,
  PackageInstalled: sourceAndDistribution,
  PackageMigrated: { source: 'source', distribution: 'to' },
  PackageRemoved: sourceAndDistribution,
  PackageRotatedToRollback: sourceAndDistribution,
  PackageRemovedFromRollback: sourceAndDistribution,
  PackageRestored: sourceAndDistribution,
  PackagePorted: { source: 'source', distribution: 'to' },
  ArchiveCommandRefused: sourceAndDistribution,
  RepositoryCreated: { repository: 'repository' },
  RepositoryChanged: { repository: 'repository' },
  UploaderAdded: { repository: 'repository' },
  UploaderRemoved: { repository: 'repository' },
};

/** The audit log's columns: source and distribution varchar(100), repository varchar(50). */
const fits = (schema: { safeParse(value: unknown): { success: boolean } }, maxLength: number) => (value: unknown): string | null =>
  typeof value === 'string' && value.length <= maxLength && schema.safeParse(value).success ? value : null;
const sourceName = fits(sourceNameSchema, 100);
const distributionName = fits(distributionSchema, 100);
const repositoryId = fits(repositoryIdSchema, 50);

/**
 * What `event` itself says it is about (pure). The audit log takes every event, of any type and shape,
 * so the data is read defensively: a field that is missing or malformed is null, never an error.
 * The repository is the event's own `repository`, else the one its distribution names.
 */
export function auditLogSubject(event: { readonly type: string; readonly data: unknown }): AuditLogSubject {
  const fields = subjectFields[event.type as MbdEventType];
  if (!fields || typeof event.data !== 'object' || event.data === null) return noSubject;
  const data = event.data as Record<string, unknown>;
  const distribution = fields.distribution ? distributionName(data[fields.distribution]) : null;
  const named = fields.repository ? repositoryId(data[fields.repository]) : null;
  return {
    source: fields.source ? sourceName(data[fields.source]) : null,
    distribution,
    repository: named ?? (distribution === null ? null : (parseDistributionName(distribution)?.repository ?? null)),
  };
}

/**
 * An event of an upload stream is about that upload: what the event does not say itself (BuildStarted
 * names only its build; UploadRejected may lack the source) comes from the earlier events of the stream.
 */
export const inheritSubject = (own: AuditLogSubject, earlier: AuditLogSubject | undefined): AuditLogSubject => ({
  source: own.source ?? earlier?.source ?? null,
  distribution: own.distribution ?? earlier?.distribution ?? null,
  repository: own.repository ?? earlier?.repository ?? null,
});

export const isCompleteSubject = (subject: AuditLogSubject): boolean =>
  subject.source !== null && subject.distribution !== null && subject.repository !== null;

/** `upload-<id>`: the one stream whose events all concern one upload (see uploadStream in @mbd/events). */
export const isUploadStream = (streamId: string): boolean => streamId.startsWith('upload-');
