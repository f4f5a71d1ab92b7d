import { readKeys, type Key, type KeyID, type PublicKey } from 'openpgp';
import { KeyringError } from '../errors.js';

/** Upper-case hex without spaces or `0x`, as GnuPG prints fingerprints and key ids. */
export function normalizeKeyHandle(handle: string): string {
  return handle.replace(/\s+/g, '').replace(/^0x/i, '').toUpperCase();
}

/** A key's primary fingerprint in upper-case hex, as GnuPG prints it. */
export const fingerprintOf = (key: Key): string => key.getFingerprint().toUpperCase();

/** "FINGERPRINT (first user id)", for messages a person reads. */
export function describeKey(key: Key): string {
  const [uid] = key.getUserIDs();
  return uid ? `${fingerprintOf(key)} (${uid})` : fingerprintOf(key);
}

/**
 * A set of OpenPGP public keys (the uploader keys a signature is checked against). Immutable: `add`
 * returns a new keyring. Secret key material given to it is dropped; only public keys are kept.
 */
export class Keyring {
  private constructor(private readonly byFingerprint: ReadonlyMap<string, PublicKey>) {}

  static empty(): Keyring {
    return new Keyring(new Map());
  }

  /** Every key in armored text (one or more `PUBLIC KEY BLOCK`s or `PRIVATE KEY BLOCK`s). */
  static async fromArmored(armored: string, source = 'armored key'): Promise<Keyring> {
    const blocks = armored.match(/-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g);
    if (!blocks) throw new KeyringError(`${source}: no "-----BEGIN PGP PUBLIC KEY BLOCK-----" found`);
    const keys: Key[] = [];
    for (const block of blocks) keys.push(...(await readOrFail(() => readKeys({ armoredKeys: block }), source)));
    return Keyring.fromKeys(keys, source);
  }

  /** Every key in a binary keyring (what `gpg --export` writes and apt's `Signed-By` reads). */
  static async fromBinary(binary: Uint8Array, source = 'binary keyring'): Promise<Keyring> {
    if (binary.length === 0) throw new KeyringError(`${source}: empty, no key in it`);
    return Keyring.fromKeys(await readOrFail(() => readKeys({ binaryKeys: binary }), source), source);
  }

  /** Keys already read; the same key given twice is merged (e.g. a later revocation joins it). */
  static async fromKeys(keys: readonly Key[], source = 'keys'): Promise<Keyring> {
    if (keys.length === 0) throw new KeyringError(`${source}: no key in it`);
    return Keyring.empty().addKeys(keys);
  }

  /** Primary fingerprints, upper-case hex, in the order the keys were added. */
  get fingerprints(): string[] {
    return [...this.byFingerprint.keys()];
  }

  get keys(): PublicKey[] {
    return [...this.byFingerprint.values()];
  }

  get size(): number {
    return this.byFingerprint.size;
  }

  /** The key whose primary or sub key has this fingerprint or (16-hex long / 8-hex short) key id. */
  find(fingerprintOrKeyId: string): PublicKey | undefined {
    const handle = normalizeKeyHandle(fingerprintOrKeyId);
    if (!/^([0-9A-F]{8}|[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64})$/.test(handle)) return undefined;
    for (const key of this.byFingerprint.values()) {
      for (const part of key.getKeys()) {
        const fingerprint = part.getFingerprint().toUpperCase();
        if (fingerprint === handle || (handle.length <= 16 && fingerprint.endsWith(handle))) return key;
      }
    }
    return undefined;
  }

  /** The key holding the (sub)key a signature packet names. */
  findByKeyId(keyId: KeyID): PublicKey | undefined {
    for (const key of this.byFingerprint.values()) if (key.getKeys(keyId).length > 0) return key;
    return undefined;
  }

  /** A keyring with the keys of both; a key in both is merged (new certifications, revocations). */
  async add(other: Keyring): Promise<Keyring> {
    return this.addKeys(other.keys);
  }

  /** All keys as one binary keyring, for apt's `Signed-By` or `gpgv --keyring`. */
  toBinary(): Uint8Array {
    const parts = this.keys.map((key) => key.write());
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private async addKeys(keys: readonly Key[]): Promise<Keyring> {
    const merged = new Map(this.byFingerprint);
    for (const key of keys) {
      const publicKey = key.toPublic();
      const fingerprint = fingerprintOf(publicKey);
      const known = merged.get(fingerprint);
      merged.set(fingerprint, known ? await known.update(publicKey) : publicKey);
    }
    return new Keyring(merged);
  }
}

async function readOrFail(read: () => Promise<Key[]>, source: string): Promise<Key[]> {
  try {
    return await read();
  } catch (error) {
    throw new KeyringError(`${source}: not a readable OpenPGP key (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
}
