import type { ArchiveKeyGenerated } from './archive-key-generated.event.js';
import type { ChrootCreated } from './chroot-created.event.js';
import type { ChrootRemoved } from './chroot-removed.event.js';
import type { ChrootUpdated } from './chroot-updated.event.js';
import type { DaemonConfigured } from './daemon-configured.event.js';
import type { RepositoryChanged } from './repository-changed.event.js';
import type { RepositoryCreated } from './repository-created.event.js';
import type { SourceAdded } from './source-added.event.js';
import type { SourceChanged } from './source-changed.event.js';
import type { UploaderAdded } from './uploader-added.event.js';
import type { UploaderRemoved } from './uploader-removed.event.js';

export type RepositoryEvent = RepositoryCreated | RepositoryChanged;
export type SourceEvent = SourceAdded | SourceChanged;
export type ChrootEvent = ChrootCreated | ChrootUpdated | ChrootRemoved;
export type UploaderEvent = UploaderAdded | UploaderRemoved;
export type DaemonEvent = DaemonConfigured | ArchiveKeyGenerated;

/** Everything in the configuration streams (`config-<kind>-<id>`). */
export type ConfigurationEvent = RepositoryEvent | SourceEvent | ChrootEvent | UploaderEvent | DaemonEvent;
