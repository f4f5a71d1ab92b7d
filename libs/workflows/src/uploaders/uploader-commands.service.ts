import { Injectable } from '@nestjs/common';
import { uploaderDecider } from '@mbd/archive';
import { EventStore, configurationStream, handleCommand, type Actor } from '@mbd/events';
import { Keyring, describeKey } from '@mbd/gpg';
import { BlobStore } from '@mbd/repository';
import { randomUUID } from 'node:crypto';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveRequestError } from '../installing/archive-commands.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';

/** Grants and withdraws upload rights: an uploader is an OpenPGP key allowed to upload to one repository. */
@Injectable()
export class UploaderCommandsService {
  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly configuration: ConfigurationService,
  ) {}

  list(repository?: string) {
    return this.configuration
      .current()
      .uploaders.filter((uploader) => repository === undefined || uploader.repository === repository)
      .map(({ repository, fingerprint, name }) => ({ repository, fingerprint, name }));
  }

  /** Adds the key (ASCII-armored, exactly one) as an uploader of `repository`. */
  async add(repository: string, armoredKey: string, actor: Actor) {
    if (!this.configuration.current().repositories.has(repository)) throw new ArchiveRequestError('distribution-unknown', `no repository ${repository}`);
    const keyring = await Keyring.fromArmored(armoredKey, 'uploader key').catch((error: unknown) => {
      throw new ArchiveRequestError('bad-request', `not an OpenPGP public key: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (keyring.keys.length !== 1) throw new ArchiveRequestError('bad-request', `send exactly one public key (got ${keyring.keys.length})`);
    const key = keyring.keys[0]!;
    const fingerprint = keyring.fingerprints[0]!;
    const blob = await this.blobs.putBuffer(Buffer.from(armoredKey));
    const data = { repository, fingerprint, name: describeKey(key), key: { name: `${fingerprint}.asc`, ...blob } };
    await handleCommand(this.store, configurationStream('uploader', fingerprint), uploaderDecider, {
      type: 'AddUploader',
      data,
      metadata: daemonCommandMetadata(randomUUID(), undefined, actor),
    });
    await this.configuration.catchUp();
    return { repository, fingerprint, name: data.name };
  }

  async remove(repository: string, fingerprint: string, actor: Actor) {
    await handleCommand(this.store, configurationStream('uploader', fingerprint), uploaderDecider, {
      type: 'RemoveUploader',
      data: { repository, fingerprint },
      metadata: daemonCommandMetadata(randomUUID(), undefined, actor),
    });
    await this.configuration.catchUp();
    return { repository, fingerprint, removed: true };
  }
}
