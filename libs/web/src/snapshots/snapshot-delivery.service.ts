import { Injectable } from '@nestjs/common';
import { ArchiveKey } from '@mbd/gpg';
import { SnapshotsService } from '@mbd/workflows';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotDelivery, SnapshotReleaseFile } from '../repositories/repository-delivery.middleware.js';
import { snapshotRelease } from './snapshot-release.js';

/** Signed snapshot Releases kept, least recently used dropped first (each is a few KiB). */
const keptReleases = 64;

/**
 * What the repository delivery needs of snapshots: their positions (from the snapshots streams) and
 * their Release files, made from the tree of the snapshot's position and signed with the archive key
 * (once per tree, snapshot and file).
 */
@Injectable()
export class SnapshotDeliveryService implements SnapshotDelivery {
  private readonly releases = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly key: ArchiveKey,
  ) {}

  async positionOf(repository: string, distribution: string, name: string): Promise<number | undefined> {
    return (await this.snapshots.find(repository, distribution, name))?.position;
  }

  async positionsOf(repository: string): Promise<number[]> {
    return (await this.snapshots.ofRepository(repository)).map((snapshot) => snapshot.position);
  }

  releaseFile(tree: string, distribution: string, name: string, file: SnapshotReleaseFile): Promise<string | undefined> {
    const cacheKey = JSON.stringify([tree, distribution, name, file]);
    let made = this.releases.get(cacheKey);
    if (made) {
      this.releases.delete(cacheKey);
    } else {
      made = this.make(tree, distribution, name, file);
      made.catch(() => this.releases.delete(cacheKey));
    }
    this.releases.set(cacheKey, made);
    for (const oldest of this.releases.keys()) {
      if (this.releases.size <= keptReleases) break;
      this.releases.delete(oldest);
    }
    return made;
  }

  private async make(tree: string, distribution: string, name: string, file: SnapshotReleaseFile): Promise<string | undefined> {
    let release: string;
    try {
      release = await readFile(join(tree, 'dists', distribution, 'Release'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const text = snapshotRelease(release, distribution, name);
    switch (file) {
      case 'Release':
        return text;
      case 'InRelease':
        return this.key.signInRelease(text);
      case 'Release.gpg':
        return this.key.signDetached(Buffer.from(text, 'utf8'));
    }
  }
}
