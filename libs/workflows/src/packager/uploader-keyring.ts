import { Keyring, type ArchiveKey } from '@mbd/gpg';
import type { BlobStore } from '@mbd/repository';
import type { Uploader } from '../configuration/configuration-state.js';

/** The keyring of every uploader key (blobs named by UploaderAdded) plus this instance's archive key. */
export async function uploaderKeyring(uploaders: readonly Uploader[], blobs: BlobStore, archiveKey: ArchiveKey): Promise<Keyring> {
  let keyring = await Keyring.fromArmored(archiveKey.publicArmored, 'archive key');
  for (const uploader of uploaders) {
    const armored = (await blobs.read(uploader.key.sha256)).toString('utf8');
    keyring = await keyring.add(await Keyring.fromArmored(armored, `uploader ${uploader.name}`));
  }
  return keyring;
}
