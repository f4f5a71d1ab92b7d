import { Keyring, type ArchiveKey } from '@mbd/gpg';
import type { BlobStore } from '@mbd/repository';
import type { Uploader } from '../configuration/configuration-state.js';

/** The last keyring read, and what it was read from (the archive key and each uploader's name and key blob). */
let last: { readonly of: string; readonly keyring: Promise<Keyring> } | undefined;

/**
 * The keyring of every uploader key (blobs named by UploaderAdded) plus this instance's archive key.
 * Reading the keys (openpgp) is most of the packager's own time for an upload, and the keys seldom
 * change: the keyring last read is kept while the same keys make it (a blob is named by its SHA-256,
 * so the same names are the same bytes; expiry and revocation are judged when a signature is checked,
 * not when a key is read). One keyring is kept, no more; one that could not be read is not kept.
 */
export function uploaderKeyring(uploaders: readonly Uploader[], blobs: BlobStore, archiveKey: ArchiveKey): Promise<Keyring> {
  const of = [archiveKey.publicArmored, ...uploaders.map((uploader) => `${uploader.name}\n${uploader.key.sha256}`)].join('\n\0');
  if (last?.of === of) return last.keyring;
  const keyring = readKeyring(uploaders, blobs, archiveKey);
  const entry = { of, keyring };
  last = entry;
  keyring.catch(() => {
    if (last === entry) last = undefined;
  });
  return keyring;
}

async function readKeyring(uploaders: readonly Uploader[], blobs: BlobStore, archiveKey: ArchiveKey): Promise<Keyring> {
  let keyring = await Keyring.fromArmored(archiveKey.publicArmored, 'archive key');
  for (const uploader of uploaders) {
    const armored = (await blobs.read(uploader.key.sha256)).toString('utf8');
    keyring = await keyring.add(await Keyring.fromArmored(armored, `uploader ${uploader.name}`));
  }
  return keyring;
}
