import {
  ArchiveKeyGenerated,
  ChrootCreated,
  ChrootRemoved,
  ChrootUpdated,
  RepositoryChanged,
  RepositoryCreated,
  UploaderAdded,
  UploaderRemoved,
  type ChrootConfig,
  type Event,
  type FileRef,
  type RepositoryConfig,
} from '@mbd/events';

export interface Uploader {
  readonly repository: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly key: FileRef;
}

/** The archive's configuration as the configuration events left it. */
export interface ConfigurationState {
  readonly repositories: ReadonlyMap<string, RepositoryConfig>;
  readonly uploaders: readonly Uploader[];
  readonly chroots: ReadonlyMap<string, ChrootConfig>;
  readonly archiveKey?: string;
}

export const initialConfiguration = (): ConfigurationState => ({ repositories: new Map(), uploaders: [], chroots: new Map() });

export const chrootKey = (codename: string, architecture: string): string => `${codename}-${architecture}`;

/** Folds one event into the configuration; events of other kinds leave it as it is. */
export const evolveConfiguration = (state: ConfigurationState, event: Event): ConfigurationState => {
  if (RepositoryCreated.is(event) || RepositoryChanged.is(event))
    return { ...state, repositories: new Map(state.repositories).set(event.data.repository, event.data) };
  if (UploaderAdded.is(event))
    return {
      ...state,
      uploaders: [
        ...state.uploaders.filter((u) => !(u.repository === event.data.repository && u.fingerprint === event.data.fingerprint)),
        event.data,
      ],
    };
  if (UploaderRemoved.is(event))
    return {
      ...state,
      uploaders: state.uploaders.filter((u) => !(u.repository === event.data.repository && u.fingerprint === event.data.fingerprint)),
    };
  if (ChrootCreated.is(event) || ChrootUpdated.is(event))
    return { ...state, chroots: new Map(state.chroots).set(chrootKey(event.data.codename, event.data.architecture), event.data) };
  if (ChrootRemoved.is(event)) {
    const chroots = new Map(state.chroots);
    chroots.delete(chrootKey(event.data.codename, event.data.architecture));
    return { ...state, chroots };
  }
  if (ArchiveKeyGenerated.is(event)) return { ...state, archiveKey: event.data.fingerprint };
  return state;
};
