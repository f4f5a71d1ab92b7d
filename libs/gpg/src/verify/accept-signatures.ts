import type { KeyID, PublicKey, Signature } from 'openpgp';
import { SignatureError, type SignatureErrorCode } from '../errors.js';
import { describeKey, fingerprintOf, type Keyring } from '../keyring/keyring.js';

/** Who made a good signature, and when. */
export interface VerifiedSignature {
  /** Primary fingerprint of the signing key, upper-case hex: the uploader's identity. */
  readonly fingerprint: string;
  /** The signing key's primary user id, if it has a valid one. */
  readonly uid?: string;
  /** When the signature was made (its creation time). */
  readonly created: Date;
}

/** One signature as openpgp reports it: `verified` rejects when the signature does not hold. */
export interface SignatureCheck {
  readonly keyID: KeyID;
  readonly verified: Promise<unknown>;
  readonly signature: Promise<Signature>;
}

/**
 * The first signature in `signature` that is good, made by a key in `keyring`, and whose key is still
 * valid (not expired, not revoked) at `now`; otherwise a SignatureError naming the key and what is wrong.
 * `prefix` names the checked thing in messages ("hello_1.0-1_amd64.changes: …").
 */
export async function acceptSignatures(
  signature: Signature,
  verify: (keys: PublicKey[]) => Promise<readonly SignatureCheck[]>,
  keyring: Keyring,
  now: Date,
  prefix: string,
): Promise<VerifiedSignature> {
  const packets = signature.packets;
  if (packets.length === 0) throw new SignatureError('malformed', `${prefix}the signature block holds no signature`);
  const signers = packets.map((packet) => keyring.findByKeyId(packet.issuerKeyID));
  if (signers.every((key) => key === undefined)) {
    const named = packets.map((packet) =>
      packet.issuerFingerprint ? hex(packet.issuerFingerprint) : packet.issuerKeyID.toHex().toUpperCase(),
    );
    throw new SignatureError(
      'unknown-key',
      `${prefix}signed by key ${named.join(', ')}, which is not in the keyring (${keyring.size} keys)`,
      named[0],
    );
  }
  let checks: readonly SignatureCheck[];
  try {
    checks = await verify(signers.filter((key): key is PublicKey => key !== undefined));
  } catch (error) {
    throw new SignatureError('malformed', `${prefix}the signature cannot be checked: ${messageOf(error)}`, undefined, { cause: error });
  }
  let firstFailure: SignatureError | undefined;
  for (const check of checks) {
    const key = keyring.findByKeyId(check.keyID);
    if (!key) continue;
    try {
      await check.verified;
      const [packet] = (await check.signature).packets;
      await key.getSigningKey(check.keyID, now);
      return { fingerprint: fingerprintOf(key), uid: await primaryUid(key, now), created: packet?.created ?? now };
    } catch (error) {
      firstFailure ??= await classify(error, key, prefix);
    }
  }
  throw firstFailure ?? new SignatureError('bad-signature', `${prefix}no signature by a key in the keyring could be checked`);
}

async function classify(error: unknown, key: PublicKey, prefix: string): Promise<SignatureError> {
  const detail = messageOf(error);
  const who = describeKey(key);
  const fingerprint = fingerprintOf(key);
  const fail = (code: SignatureErrorCode, message: string) => new SignatureError(code, `${prefix}${message}`, fingerprint, { cause: error });
  if (/revoked/i.test(detail)) return fail('revoked-key', `signed by key ${who}, which is revoked (${detail})`);
  if (/expired/i.test(detail)) {
    const expiry = await key.getExpirationTime().catch(() => null);
    const when = expiry instanceof Date ? ` on ${expiry.toISOString()}` : '';
    return fail('expired-key', `signed by key ${who}, which expired${when} (${detail})`);
  }
  if (/weak|insecure/i.test(detail)) return fail('weak-algorithm', `signed by key ${who} with an algorithm too weak to trust (${detail})`);
  return fail('bad-signature', `the signature by key ${who} does not match the signed data, it was changed or damaged (${detail})`);
}

async function primaryUid(key: PublicKey, now: Date): Promise<string | undefined> {
  try {
    return (await key.getPrimaryUser(now)).user.userID?.userID || undefined;
  } catch {
    return undefined;
  }
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
