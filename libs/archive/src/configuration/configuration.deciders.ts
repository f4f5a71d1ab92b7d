import {
  type ChrootConfig,
  type Decider,
  ChrootCreated,
  type ChrootEvent,
  ChrootRemoved,
  ChrootUpdated,
  type RepositoryConfig,
  RepositoryChanged,
  RepositoryCreated,
  type RepositoryEvent,
  type SourceConfig,
  SourceAdded,
  SourceChanged,
  type SourceEvent,
  UploaderAdded,
  type UploaderEvent,
  UploaderRemoved,
} from '@mbd/events';
import { assertNever, eventMetadata } from '../decider.js';
import { ArchiveError } from '../errors.js';
import type { ChrootCommand, RepositoryCommand, SourceCommand, UploaderCommand } from './configuration.commands.js';

/** A configuration aggregate: absent until created, then its whole current configuration. */
export type ConfigurationState<T> = { readonly status: 'absent' } | { readonly status: 'present'; readonly config: T };

const absent = <T>(): ConfigurationState<T> => ({ status: 'absent' });
const present = <T>(config: T): ConfigurationState<T> => ({ status: 'present', config });
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Create refuses an existing aggregate; change refuses an absent one and records nothing when nothing changed. */
const createOrChange = <T>(state: ConfigurationState<T>, what: string, kind: 'create' | 'change', config: T): boolean => {
  if (kind === 'create' && state.status === 'present') throw new ArchiveError('configuration-exists', `${what} already exists`);
  if (kind === 'change' && state.status === 'absent') throw new ArchiveError('configuration-absent', `${what} does not exist`);
  return state.status === 'absent' || !same(state.config, config);
};

export const repositoryDecider = {
  initialState: absent,
  evolve: (_state, event) => present(event.data),
  decide: (command, state) => {
    const what = `repository ${command.data.repository}`;
    const metadata = eventMetadata(command.metadata);
    switch (command.type) {
      case 'CreateRepository':
        return createOrChange(state, what, 'create', command.data) ? [RepositoryCreated.create(command.data, metadata)] : [];
      case 'ChangeRepository':
        return createOrChange(state, what, 'change', command.data) ? [RepositoryChanged.create(command.data, metadata)] : [];
      default:
        return assertNever(command, 'repository command');
    }
  },
} satisfies Decider<ConfigurationState<RepositoryConfig>, RepositoryCommand, RepositoryEvent>;

export const sourceDecider = {
  initialState: absent,
  evolve: (_state, event) => present(event.data),
  decide: (command, state) => {
    const what = `source ${command.data.codename}`;
    const metadata = eventMetadata(command.metadata);
    switch (command.type) {
      case 'AddSource':
        return createOrChange(state, what, 'create', command.data) ? [SourceAdded.create(command.data, metadata)] : [];
      case 'ChangeSource':
        return createOrChange(state, what, 'change', command.data) ? [SourceChanged.create(command.data, metadata)] : [];
      default:
        return assertNever(command, 'source command');
    }
  },
} satisfies Decider<ConfigurationState<SourceConfig>, SourceCommand, SourceEvent>;

export const chrootDecider = {
  initialState: absent,
  evolve: (_state, event) => (event.type === 'ChrootRemoved' ? absent() : present(event.data)),
  decide: (command, state) => {
    const what = `chroot ${command.data.codename}/${command.data.architecture}`;
    const metadata = eventMetadata(command.metadata);
    switch (command.type) {
      case 'CreateChroot':
        return createOrChange(state, what, 'create', command.data) ? [ChrootCreated.create(command.data, metadata)] : [];
      case 'UpdateChroot':
        return createOrChange(state, what, 'change', command.data) ? [ChrootUpdated.create(command.data, metadata)] : [];
      case 'RemoveChroot':
        if (state.status === 'absent') throw new ArchiveError('configuration-absent', `${what} does not exist`);
        return [ChrootRemoved.create(command.data, metadata)];
      default:
        return assertNever(command, 'chroot command');
    }
  },
} satisfies Decider<ConfigurationState<ChrootConfig>, ChrootCommand, ChrootEvent>;

/** An uploader (one key): the repositories it may upload to. */
export interface UploaderState {
  readonly repositories: ReadonlySet<string>;
}

export const uploaderDecider = {
  initialState: () => ({ repositories: new Set() }),
  evolve: (state, event) => {
    const repositories = new Set(state.repositories);
    if (event.type === 'UploaderAdded') repositories.add(event.data.repository);
    else repositories.delete(event.data.repository);
    return { repositories };
  },
  decide: (command, state) => {
    const { repository, fingerprint } = command.data;
    const metadata = eventMetadata(command.metadata);
    switch (command.type) {
      case 'AddUploader':
        return state.repositories.has(repository) ? [] : [UploaderAdded.create(command.data, metadata)];
      case 'RemoveUploader':
        if (!state.repositories.has(repository))
          throw new ArchiveError('configuration-absent', `key ${fingerprint} is no uploader of repository ${repository}`);
        return [UploaderRemoved.create({ repository, fingerprint }, metadata)];
      default:
        return assertNever(command, 'uploader command');
    }
  },
} satisfies Decider<UploaderState, UploaderCommand, UploaderEvent>;
