import { Injectable } from '@nestjs/common';
import { EventStore, UploaderAdded, UploaderRemoved, configurationStream, type Actor } from '@mbd/events';
import { Keyring, describeKey } from '@mbd/gpg';
import { BlobStore } from '@mbd/repository';
import { randomUUID } from 'node:crypto';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveRequestError } from '../installing/archive-commands.service.js';

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
    const event = UploaderAdded.create(
      { repository, fingerprint, name: describeKey(key), key: { name: `${fingerprint}.asc`, ...blob } },
      { actor, correlationId: randomUUID(), occurredAt: new Date().toISOString() },
    );
    await this.store.append(configurationStream('uploader', `${repository}-${fingerprint}`), [event], 'any');
    await this.configuration.catchUp();
    return { repository, fingerprint, name: event.data.name };
  }

  async remove(repository: string, fingerprint: string, actor: Actor) {
    if (!this.configuration.current().uploaders.some((u) => u.repository === repository && u.fingerprint === fingerprint))
      throw new ArchiveRequestError('bad-request', `${fingerprint} is no uploader of ${repository}`);
    const event = UploaderRemoved.create({ repository, fingerprint }, { actor, correlationId: randomUUID(), occurredAt: new Date().toISOString() });
    await this.store.append(configurationStream('uploader', `${repository}-${fingerprint}`), [event], 'any');
    await this.configuration.catchUp();
    return { repository, fingerprint, removed: true };
  }
}
