import { distributionsOf } from '@mbd/archive';
import { EventStore, PackageInstalled, distributionStream, type FileRef, type RepositoryConfig } from '@mbd/events';

/**
 * The files of `source` that entered the repository's pool (every install into any of its
 * distributions), by file name: where a `-2` uploaded without its orig tarball finds it, and what a
 * new file of the same name would clash with.
 */
export async function poolFilesOf(store: EventStore, config: RepositoryConfig, source: string): Promise<Map<string, FileRef>> {
  const pool = new Map<string, FileRef>();
  const streams = new Set(
    distributionsOf(config)
      .filter((distribution) => distribution.rollback === undefined)
      .map((distribution) => distributionStream(distribution.codename, distribution.repository, distribution.suite)),
  );
  for (const stream of streams) {
    for (const event of await store.readStream(stream)) {
      if (!PackageInstalled.is(event) || event.data.source !== source) continue;
      for (const file of event.data.files) pool.set(file.name, file);
    }
  }
  return pool;
}
