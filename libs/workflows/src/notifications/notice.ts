import type { NotifiedEventType } from '@mbd/events';

/** What a notification tells: an event of the log in the words a mail and a webhook use. */
export interface Notice {
  readonly eventType: NotifiedEventType;
  /** The event's global log position. */
  readonly position: number;
  readonly source?: string;
  readonly version?: string;
  /** Where it happened (for a migration: where it went to; for a rejection: as the upload named it). */
  readonly distribution?: string;
  /** A migration's origin. */
  readonly from?: string;
  /** A failed build's architecture. */
  readonly architecture?: string;
  /** Every reason (a rejection's rules, a build's failure, a removal's reason). */
  readonly reasons: readonly string[];
  /** The last lines of a failed build's log. */
  readonly logTail?: string;
  /** Absolute links to the daemon's pages about it. */
  readonly links: readonly string[];
  readonly uploadId?: string;
  /** The upload's Changed-By and Maintainer, as the .changes wrote them. */
  readonly changedBy?: string;
  readonly maintainer?: string;
  /**
   * The fingerprint of the known key (an uploader's, or the archive's) that signed the upload. Absent
   * for an unsigned or foreign-signed upload: anyone may send one, so its Changed-By and Maintainer
   * are never mailed.
   */
  readonly signedBy?: string;
}

/** mini-buildd's subject words: `rejected`, `failed on amd64`, `installed in <dist>`… */
export const noticeVerb = (notice: Notice): string => {
  switch (notice.eventType) {
    case 'UploadRejected':
      return 'rejected';
    case 'BuildFailed':
      return `failed on ${notice.architecture ?? '?'}`;
    case 'PackageInstalled':
      return `installed in ${notice.distribution ?? '?'}`;
    case 'PackageMigrated':
      return `migrated to ${notice.distribution ?? '?'}`;
    case 'PackageRemoved':
      return `removed from ${notice.distribution ?? '?'}`;
  }
};
