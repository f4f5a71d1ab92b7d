import { Injectable, Logger } from '@nestjs/common';
import { resolveDistribution } from '@mbd/archive';
import { InjectConfig, daemonNameOf, type MbdConfig } from '@mbd/config';
import { parseChanges } from '@mbd/debian';
import { ArchiveKeyGenerated, EventStore, PackageInstalled, configurationStream, type RecordedEvent } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { BlobStore } from '@mbd/repository';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveCommandsService } from '../installing/archive-commands.service.js';
import { claimReaction } from '../support/claim-reaction.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { uploadState } from '../support/upload-state.js';
import type { Reactor } from '../support/reactor-follower.js';
import { keyringPackageName, withoutMigrationLine } from './keyring-package-source.js';
import { KeyringPackagesService } from './keyring-packages.service.js';

/**
 * The rest of keyring_packages, following the log:
 * - on PackageInstalled of a keyring package mbd made itself (`<repository>-archive-keyring`, signed by
 *   the archive key, its changelog not saying --without-migration) it migrates it step by step up the
 *   whole chain (unstable → testing → stable), skipping steps already done, so handling the event
 *   again after a restart migrates nothing twice;
 * - on ArchiveKeyGenerated of a new key that replaces an earlier one it builds the keyring package of
 *   every buildKeyringPackage distribution again (the first key of a fresh instance builds nothing:
 *   there is no key to replace, as with mini-buildd, whose operator runs keyring_packages once). The
 *   version is the event's time, so a second run after a crash makes the same version, which the
 *   archive refuses as already there.
 * Of several daemons following one event store, one acts: each migration is decided once per upload
 * (oncePerCorrelation), and the keyring packages of a new key are made by the daemon that claimed the
 * event (claimReaction).
 */
@Injectable()
export class KeyringPackagesProcessManager implements Reactor {
  private readonly logger = new Logger('keyring-packages');

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly key: ArchiveKey,
    private readonly configuration: ConfigurationService,
    private readonly archive: ArchiveCommandsService,
    private readonly keyringPackages: KeyringPackagesService,
  ) {}

  accepts(event: RecordedEvent): boolean {
    return ArchiveKeyGenerated.is(event) || (PackageInstalled.is(event) && event.data.source.endsWith('-archive-keyring'));
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (PackageInstalled.is(event)) await this.afterInstall(event);
    else if (ArchiveKeyGenerated.is(event)) await this.afterNewKey(event);
  }

  giveUp(event: RecordedEvent, reason: string): Promise<void> {
    this.logger.error(`gave up on the ${event.type} at position ${event.position}: ${reason}`);
    return Promise.resolve();
  }

  private async afterInstall(event: PackageInstalled & RecordedEvent): Promise<void> {
    const { distribution, source, version, uploadId } = event.data;
    const resolved = resolveDistribution([...this.configuration.current().repositories.values()], distribution);
    if (!uploadId || !resolved.ok || resolved.rollback !== undefined || source !== keyringPackageName(resolved.config.repository)) return;
    if (!(await this.madeHere(uploadId))) return;
    const metadata = daemonCommandMetadata(uploadId, event.id);
    for (let from = resolved.settings; from.migratesTo; from = this.archive.settings(from.migratesTo)) {
      const to = this.archive.settings(from.migratesTo);
      if ((await this.archive.state(to)).state.packages.get(source)?.version === version) continue;
      if ((await this.archive.state(from)).state.packages.get(source)?.version !== version) return; // replaced or removed meanwhile
      const result = await this.archive.migrate(from.name, source, metadata, { oncePerCorrelation: uploadId });
      if (result.events.length === 0) continue; // decided already (by another daemon on this store)
      if (result.refused) {
        this.logger.warn(`${source} ${version}: migration ${from.name} → ${to.name} refused: ${result.refused}`);
        return;
      }
      this.logger.log(`${source} ${version} migrated ${from.name} → ${to.name}`);
    }
  }

  /** True for an upload signed by the archive key whose changelog does not say --without-migration. */
  private async madeHere(uploadId: string): Promise<boolean> {
    const state = await uploadState(this.store, uploadId);
    if (state.status !== 'accepted' || state.accepted.signedBy !== this.key.fingerprint) return false;
    const changes = parseChanges(await this.blobs.read(state.received.changes.sha256), { what: state.received.changes.name });
    return !changes.changes.includes(withoutMigrationLine);
  }

  private async afterNewKey(event: ArchiveKeyGenerated & RecordedEvent): Promise<void> {
    if (event.data.fingerprint !== this.key.fingerprint) return; // an older key's event: the packages carry the current key anyway
    const earlier = (await this.store.readStream(configurationStream('daemon', 'archive-key'))).filter(
      (stored) => stored.position < event.position && ArchiveKeyGenerated.is(stored) && stored.data.fingerprint !== event.data.fingerprint,
    );
    if (earlier.length === 0) return;
    if (!(await claimReaction(this.store, 'keyring-packages', event, daemonNameOf(this.config)))) return; // another daemon makes them
    const started = await this.keyringPackages.build({}, new Date(event.metadata.occurredAt));
    this.logger.log(`new archive key ${event.data.fingerprint}: ${started.map((upload) => upload.changes).join(', ') || 'no keyring distribution'}`);
  }
}
