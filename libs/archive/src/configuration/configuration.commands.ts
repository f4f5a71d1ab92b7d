import type { ChrootConfig, DataOf, RepositoryConfig, SourceConfig, UploaderAdded } from '@mbd/events';
import type { Command } from '../decider.js';

/** Commands on the configuration streams (`config-<kind>-<id>`), one aggregate per stream. */

export type CreateRepository = Command<'CreateRepository', RepositoryConfig>;
export type ChangeRepository = Command<'ChangeRepository', RepositoryConfig>;
export type RepositoryCommand = CreateRepository | ChangeRepository;

export type AddSource = Command<'AddSource', SourceConfig>;
export type ChangeSource = Command<'ChangeSource', SourceConfig>;
export type SourceCommand = AddSource | ChangeSource;

export type CreateChroot = Command<'CreateChroot', ChrootConfig>;
export type UpdateChroot = Command<'UpdateChroot', ChrootConfig>;
export type RemoveChroot = Command<'RemoveChroot', { readonly codename: string; readonly architecture: string }>;
export type ChrootCommand = CreateChroot | UpdateChroot | RemoveChroot;

/** Let a key upload to a repository (one uploader stream per fingerprint). */
export type AddUploader = Command<'AddUploader', DataOf<typeof UploaderAdded>>;
export type RemoveUploader = Command<'RemoveUploader', { readonly repository: string; readonly fingerprint: string }>;
export type UploaderCommand = AddUploader | RemoveUploader;
