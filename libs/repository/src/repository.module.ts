import { join } from 'node:path';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';
import { EventStore } from '@mbd/events';
import { ArchiveKey, loadOrCreateArchiveKey } from '@mbd/gpg';
import { ArchiveReactor } from './archive.reactor.js';
import { BlobStore } from './blob-store/blob-store.port.js';
import { FsBlobStore } from './blob-store/fs-blob-store.adapter.js';
import { ArchiveTrees } from './materialize/archive-trees.js';
import { RepreproAdapter } from './reprepro/reprepro.adapter.js';
import { Reprepro } from './reprepro/reprepro.port.js';
import { ArchiveAt } from './replay/archive-at.js';

export interface RepositoryModuleOptions {
  /**
   * Provides the archive key (token `ArchiveKey`). Default: `archive-key.asc` in MBD_ARCHIVE_KEY_DIR
   * (`<dataDir>/gpg`), created on first start by loadOrCreateArchiveKey.
   */
  readonly archiveKey?: Provider;
}

/** Where the module keeps its files under the data directory (the blob store and the archive key unless MBD_BLOB_DIR / MBD_ARCHIVE_KEY_DIR say otherwise). */
export const repositoryPaths = (dataDir: string) => ({
  blobs: join(dataDir, 'blobs'),
  repositories: join(dataDir, 'repositories'),
  timeTravelCache: join(dataDir, 'cache', 'at'),
  archiveKey: join(dataDir, 'gpg'),
});

/**
 * The blob store (a directory, MBD_BLOB_DIR, which several daemons on one event store share), the reprepro driver, the published trees under
 * `<dataDir>/repositories/<id>/`, the archive reactor (follows the log from start-up) and time travel.
 * Needs an `EventStore` provider from a global module.
 */
@Module({})
export class RepositoryModule {
  static forRoot(config: MbdConfig, options: RepositoryModuleOptions = {}): DynamicModule {
    const paths = { ...repositoryPaths(config.dataDir), ...(config.blobDir ? { blobs: config.blobDir } : {}), ...(config.archiveKeyDir ? { archiveKey: config.archiveKeyDir } : {}) };
    const archiveKey: Provider = options.archiveKey ?? {
      provide: ArchiveKey,
      useFactory: () => loadOrCreateArchiveKey(paths.archiveKey, 'mbd archive key'),
    };
    return {
      module: RepositoryModule,
      providers: [
        { provide: BlobStore, useFactory: () => new FsBlobStore(paths.blobs) },
        { provide: Reprepro, useFactory: () => new RepreproAdapter() },
        archiveKey,
        {
          provide: ArchiveTrees,
          inject: [BlobStore, Reprepro, ArchiveKey],
          useFactory: (blobs: BlobStore, reprepro: Reprepro, key: ArchiveKey) => new ArchiveTrees({ root: paths.repositories, blobs, reprepro, key, signing: 'reprepro' }),
        },
        {
          provide: ArchiveReactor,
          inject: [EventStore, ArchiveTrees],
          useFactory: (store: EventStore, trees: ArchiveTrees) => new ArchiveReactor({ store, trees }),
        },
        {
          provide: ArchiveAt,
          inject: [EventStore, BlobStore, Reprepro, ArchiveKey],
          useFactory: (store: EventStore, blobs: BlobStore, reprepro: Reprepro, key: ArchiveKey) =>
            new ArchiveAt({ store, blobs, reprepro, key, cacheDir: paths.timeTravelCache, cacheBytes: config.timeTravelCacheBytes, maxWaiting: config.timeTravelQueue }),
        },
      ],
      exports: [BlobStore, Reprepro, ArchiveKey, ArchiveTrees, ArchiveReactor, ArchiveAt],
    };
  }
}
