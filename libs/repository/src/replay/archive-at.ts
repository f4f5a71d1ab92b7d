import { randomUUID } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventStore } from '@mbd/events';
import type { ArchiveKey } from '@mbd/gpg';
import type { BlobStore } from '../blob-store/blob-store.port.js';
import type { Reprepro } from '../reprepro/reprepro.port.js';
import { resolveLogBound } from './log-bound.js';
import { rebuildRepository } from './rebuild-repository.js';

export interface ArchiveAtOptions {
  readonly store: EventStore;
  readonly blobs: BlobStore;
  readonly key?: ArchiveKey;
  readonly reprepro?: Reprepro;
  /** `<dataDir>/cache/at`: one rebuilt set of trees per log position. */
  readonly cacheDir: string;
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Time travel: the published trees as they were at a past log position, rebuilt on demand into
 * `<cacheDir>/<position>/` (built in a temp dir and renamed, so a half-built tree is never served)
 * and kept there. Concurrent requests for one position share one rebuild.
 */
export class ArchiveAt {
  private readonly building = new Map<string, Promise<string>>();

  constructor(private readonly options: ArchiveAtOptions) {}

  /** The directory holding every repository's tree as of `position` (clamped to the log's head). */
  async archiveAt(position: number): Promise<string> {
    const bounded = Math.min(position, await this.options.store.headPosition());
    const dir = join(this.options.cacheDir, String(bounded));
    if (await exists(dir)) return dir;
    let build = this.building.get(dir);
    if (!build) {
      build = this.build(bounded, dir).finally(() => this.building.delete(dir));
      this.building.set(dir, build);
    }
    return build;
  }

  /**
   * The tree of one repository at `at`, a log position (digits) or an ISO time, as the delivery serves
   * it under `/repositories/<id>/@<at>/`.
   */
  async treeAt(repository: string, at: string): Promise<string> {
    const bound = /^\d+$/.test(at) ? { position: Number(at) } : { time: at };
    return join(await this.archiveAt(await resolveLogBound(this.options.store, bound)), repository);
  }

  private async build(position: number, dir: string): Promise<string> {
    const temp = `${dir}.${randomUUID()}.tmp`;
    try {
      await rebuildRepository({
        store: this.options.store,
        blobs: this.options.blobs,
        out: temp,
        until: { position },
        ...(this.options.key ? { key: this.options.key } : {}),
        ...(this.options.reprepro ? { reprepro: this.options.reprepro } : {}),
      });
      await rename(temp, dir);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      if (await exists(dir)) return dir;
      throw error;
    }
    return dir;
  }
}
