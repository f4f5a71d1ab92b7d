import { mkdir, readdir } from 'node:fs/promises';
import type { EventStore } from '@mbd/events';
import type { ArchiveKey } from '@mbd/gpg';
import { RebuildTargetNotEmptyError } from '../errors.js';
import type { BlobStore } from '../blob-store/blob-store.port.js';
import { RepreproAdapter } from '../reprepro/reprepro.adapter.js';
import type { Reprepro } from '../reprepro/reprepro.port.js';
import { ArchiveTrees } from '../materialize/archive-trees.js';
import { treesCheckpoint } from '../materialize/checkpoint-file.js';
import { readLogUntil, type LogBound } from './log-bound.js';
import { PublishedReplay } from './replay-as-published.js';

export interface RebuildRepositoryOptions {
  readonly store: EventStore;
  readonly blobs: BlobStore;
  /** Signs the rebuilt Release files; without it they stay unsigned. */
  readonly key?: ArchiveKey;
  /** An empty (or absent) directory; it receives one reprepro tree per repository, `<out>/<repository>/`. */
  readonly out: string;
  readonly until?: LogBound;
  readonly reprepro?: Reprepro;
}

export interface RebuildResult {
  /** Position of the last event replayed (0 when the bound is before the first event). */
  readonly position: number;
  readonly repositories: string[];
}

/**
 * Builds the published trees from the log alone, from position 0 up to `until`, through the same path
 * as the archive reactor (applyEvents), leaving out what it parked (PublishedReplay). Leaves the checkpoint in `out`, so a reactor could follow on.
 */
export async function rebuildRepository(options: RebuildRepositoryOptions): Promise<RebuildResult> {
  await mkdir(options.out, { recursive: true });
  const leftovers = (await readdir(options.out)).filter((name) => !name.startsWith('.'));
  if (leftovers.length > 0) throw new RebuildTargetNotEmptyError(options.out, leftovers);
  const trees = new ArchiveTrees({
    root: options.out,
    blobs: options.blobs,
    reprepro: options.reprepro ?? new RepreproAdapter(),
    ...(options.key ? { key: options.key } : {}),
  });
  let position = 0;
  const replay = await PublishedReplay.of(options.store, trees);
  for await (const events of readLogUntil(options.store, options.until)) {
    await replay.apply(events);
    position = events.at(-1)!.position;
  }
  await treesCheckpoint(options.out).write(position);
  return { position, repositories: (await readdir(options.out)).filter((name) => !name.startsWith('.')).sort() };
}
