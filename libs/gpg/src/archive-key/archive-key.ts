import { inspect } from 'node:util';
import { createCleartextMessage, createMessage, sign, type PrivateKey, type PublicKey } from 'openpgp';
import { ArchiveKeyError } from '../errors.js';
import { describeKey, fingerprintOf } from '../keyring/keyring.js';
import { messageOf } from '../verify/accept-signatures.js';

/**
 * This instance's archive signing key: signs `Release` files as `InRelease` and `Release.gpg`, and
 * exports its public half for apt's `Signed-By`. Its secret part never leaves the object: printing,
 * logging or JSON-serializing it shows the fingerprint only.
 */
export class ArchiveKey {
  /** Primary fingerprint, upper-case hex. */
  readonly fingerprint: string;
  readonly publicKey: PublicKey;
  /** The public key, ASCII-armored (to download as `<repository>.asc`). */
  readonly publicArmored: string;
  /** The public key as a binary keyring (`.gpg`), what apt's `Signed-By` and `gpgv --keyring` read. */
  readonly publicBinary: Uint8Array;

  private constructor(private readonly privateKey: PrivateKey) {
    this.publicKey = privateKey.toPublic();
    this.fingerprint = fingerprintOf(privateKey);
    this.publicArmored = this.publicKey.armor();
    this.publicBinary = this.publicKey.write();
  }

  /** Wraps an unprotected private key after checking that it can sign now. */
  static async fromPrivateKey(privateKey: PrivateKey, source = 'archive key'): Promise<ArchiveKey> {
    if (!privateKey.isDecrypted()) {
      throw new ArchiveKeyError(`${source}: key ${describeKey(privateKey)} is protected by a passphrase; mbd needs it unprotected`);
    }
    if (privateKey.keyPacket.version !== 4) {
      throw new ArchiveKeyError(`${source}: key ${describeKey(privateKey)} is a v${privateKey.keyPacket.version} key; apt and gpgv in bookworm accept v4 keys only`);
    }
    try {
      await privateKey.getSigningKey();
    } catch (error) {
      throw new ArchiveKeyError(`${source}: key ${describeKey(privateKey)} cannot sign: ${messageOf(error)}`, { cause: error });
    }
    return new ArchiveKey(privateKey);
  }

  /** The first user id, e.g. "mbd archive key (host)". */
  get uid(): string | undefined {
    return this.publicKey.getUserIDs()[0];
  }

  /**
   * The `InRelease` file for a `Release` text: the same text, clearsigned, laid out as `gpg --clearsign`
   * does it (LF line ends; the Release's last newline is the one before the signature armor).
   */
  async signInRelease(releaseText: string): Promise<string> {
    const text = releaseText.endsWith('\n') ? releaseText.slice(0, -1) : releaseText;
    const message = await createCleartextMessage({ text });
    const armored = await sign({ message, signingKeys: this.privateKey, format: 'armored' });
    // openpgp writes the cleartext with CRLF; the signature covers the canonical CRLF form either way.
    return armored.replace(/\r\n/g, '\n');
  }

  /** The `Release.gpg` file for a `Release` file: an armored detached signature over its exact bytes. */
  async signDetached(release: string | Uint8Array): Promise<string> {
    const binary = typeof release === 'string' ? new TextEncoder().encode(release) : release;
    const message = await createMessage({ binary });
    return sign({ message, signingKeys: this.privateKey, detached: true, format: 'armored' });
  }

  /** The armored private key, for storing it; nothing else should call this. */
  armoredPrivateKey(): string {
    return this.privateKey.armor();
  }

  toJSON(): { fingerprint: string } {
    return { fingerprint: this.fingerprint };
  }

  [inspect.custom](): string {
    return `ArchiveKey(${this.fingerprint})`;
  }
}
