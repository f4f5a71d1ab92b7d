import { z } from 'zod';
import type { Event } from '../event.js';
import { BuildCancelled } from './build/build-cancelled.event.js';
import { BuildFailed } from './build/build-failed.event.js';
import { BuildRequested } from './build/build-requested.event.js';
import { BuildStarted } from './build/build-started.event.js';
import { BuildSucceeded } from './build/build-succeeded.event.js';
import { ArchiveKeyGenerated } from './configuration/archive-key-generated.event.js';
import { ChrootCreated } from './configuration/chroot-created.event.js';
import { ChrootRemoved } from './configuration/chroot-removed.event.js';
import { ChrootUpdated } from './configuration/chroot-updated.event.js';
import type { ConfigurationEvent } from './configuration/configuration.events.js';
import { DaemonConfigured } from './configuration/daemon-configured.event.js';
import { RepositoryChanged } from './configuration/repository-changed.event.js';
import { RepositoryCreated } from './configuration/repository-created.event.js';
import { SourceAdded } from './configuration/source-added.event.js';
import { SourceChanged } from './configuration/source-changed.event.js';
import { UploaderAdded } from './configuration/uploader-added.event.js';
import { UploaderRemoved } from './configuration/uploader-removed.event.js';
import type { EventDescriptor } from './define-event.js';
import { ArchiveCommandRefused } from './distribution/archive-command-refused.event.js';
import type { DistributionEvent } from './distribution/distribution.events.js';
import { PackageInstalled } from './distribution/package-installed.event.js';
import { PackageMigrated } from './distribution/package-migrated.event.js';
import { PackagePorted } from './distribution/package-ported.event.js';
import { PackageRemovedFromRollback } from './distribution/package-removed-from-rollback.event.js';
import { PackageRemoved } from './distribution/package-removed.event.js';
import { PackageRestored } from './distribution/package-restored.event.js';
import { PackageRotatedToRollback } from './distribution/package-rotated-to-rollback.event.js';
import { InvalidEventError, UnknownEventError } from './errors.js';
import { upcast } from './upcasters.js';
import { EventParked } from './follower/event-parked.event.js';
import type { FollowerEvent } from './follower/follower.events.js';
import { ParkedEventRetried } from './follower/parked-event-retried.event.js';
import { ReactionClaimed } from './follower/reaction-claimed.event.js';
import { SourceLinted } from './upload/source-linted.event.js';
import { UploadAccepted } from './upload/upload-accepted.event.js';
import { UploadFailed } from './upload/upload-failed.event.js';
import { UploadReceived } from './upload/upload-received.event.js';
import { UploadRejected } from './upload/upload-rejected.event.js';
import { UploadRetried } from './upload/upload-retried.event.js';
import { UploadRetryRefused } from './upload/upload-retry-refused.event.js';
import { SnapshotCreated } from './snapshot/snapshot-created.event.js';
import { SnapshotDeleted } from './snapshot/snapshot-deleted.event.js';
import { SnapshotRefused } from './snapshot/snapshot-refused.event.js';
import type { SnapshotEvent } from './snapshot/snapshot.events.js';
import { BuildResultRefused } from './builders/build-result-refused.event.js';
import { BuilderKeyApproved } from './builders/builder-key-approved.event.js';
import { BuilderRegistered } from './builders/builder-registered.event.js';
import type { BuilderEvent } from './builders/builders.events.js';
import type { UploadEvent } from './upload/upload.events.js';
import { NotificationFailed } from './notifications/notification-failed.event.js';
import { NotificationSent } from './notifications/notification-sent.event.js';
import type { NotificationEvent } from './notifications/notification.events.js';
import { SubscriptionAdded } from './notifications/subscription-added.event.js';
import { SubscriptionRemoved } from './notifications/subscription-removed.event.js';
import { WebhookAdded } from './notifications/webhook-added.event.js';
import { WebhookRemoved } from './notifications/webhook-removed.event.js';
import { UserRegistered } from './users/user-registered.event.js';
import { UserCreated } from './users/user-created.event.js';
import { UserApproved } from './users/user-approved.event.js';
import { UserRoleChanged } from './users/user-role-changed.event.js';
import { UserDisabled } from './users/user-disabled.event.js';
import { TokenIssued } from './users/token-issued.event.js';
import { TokenRevoked } from './users/token-revoked.event.js';
import { UserKeySubmitted } from './users/user-key-submitted.event.js';
import { UserKeyApproved } from './users/user-key-approved.event.js';
import { UserKeyRejected } from './users/user-key-rejected.event.js';
import { UserCommandRefused } from './users/user-command-refused.event.js';
import type { UserEvent } from './users/users.events.js';

/** Every event mbd writes, in its current version. */
export const eventCatalogue = [
  UploadReceived,
  UploadAccepted,
  SourceLinted,
  UploadRejected,
  UploadFailed,
  UploadRetried,
  UploadRetryRefused,
  BuildRequested,
  BuildStarted,
  BuildSucceeded,
  BuildFailed,
  BuildCancelled,
  PackageInstalled,
  PackageMigrated,
  PackageRemoved,
  PackageRotatedToRollback,
  PackageRemovedFromRollback,
  PackageRestored,
  PackagePorted,
  ArchiveCommandRefused,
  RepositoryCreated,
  RepositoryChanged,
  SourceAdded,
  SourceChanged,
  ChrootCreated,
  ChrootUpdated,
  ChrootRemoved,
  UploaderAdded,
  UploaderRemoved,
  ArchiveKeyGenerated,
  DaemonConfigured,
  EventParked,
  ParkedEventRetried,
  ReactionClaimed,
  SnapshotCreated,
  SnapshotDeleted,
  SnapshotRefused,
  UserRegistered,
  UserCreated,
  UserApproved,
  UserRoleChanged,
  UserDisabled,
  TokenIssued,
  TokenRevoked,
  UserKeySubmitted,
  UserKeyApproved,
  UserKeyRejected,
  UserCommandRefused,
  BuilderRegistered,
  BuilderKeyApproved,
  BuildResultRefused,
  SubscriptionAdded,
  SubscriptionRemoved,
  WebhookAdded,
  WebhookRemoved,
  NotificationSent,
  NotificationFailed,
] as const satisfies readonly EventDescriptor[];

/** Any event of the catalogue. */
export type MbdEvent = NotificationEvent | UploadEvent | DistributionEvent | ConfigurationEvent | FollowerEvent | ReactionClaimed | SnapshotEvent | UserEvent | BuilderEvent;
export type MbdEventType = MbdEvent['type'];

const descriptors = new Map<string, EventDescriptor>(eventCatalogue.map((descriptor) => [descriptor.type, descriptor]));

export const eventDescriptor = (type: string): EventDescriptor | undefined => descriptors.get(type);

/**
 * Upcasts `event` to the current version of its type and checks its data against the schema.
 * Throws UnknownEventError for a type or version the catalogue does not know, InvalidEventError
 * (naming each bad field) when the data does not fit.
 */
export const validateEvent = <E extends Event>(event: E): E & MbdEvent => {
  const current = upcast(event);
  const descriptor = descriptors.get(current.type);
  if (!descriptor || descriptor.version !== current.version) throw new UnknownEventError(current.type, current.version);
  const result = descriptor.schema.safeParse(current.data);
  if (!result.success)
    throw new InvalidEventError(
      current.type,
      current.version,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`),
    );
  return { ...current, data: result.data } as E & MbdEvent;
};

/** The JSON Schema of each event's data, by type and version (`UploadReceived.v1`): for API docs and clients. */
export const eventJsonSchemas = (): Record<string, unknown> =>
  Object.fromEntries(eventCatalogue.map((descriptor) => [`${descriptor.type}.v${descriptor.version}`, z.toJSONSchema(descriptor.schema)]));
