import { createMessage, readSignature, verify, type Signature } from 'openpgp';
import { SignatureError } from '../errors.js';
import type { Keyring } from '../keyring/keyring.js';
import { acceptSignatures, messageOf, type VerifiedSignature } from './accept-signatures.js';
import type { VerifyOptions } from './verify-clearsigned.js';

/**
 * Checks a detached signature (armored or binary, e.g. `Release.gpg`) over `data` against `keyring`;
 * throws a SignatureError with the same codes as verifyClearsigned.
 */
export async function verifyDetached(
  data: Uint8Array | string,
  signature: string | Uint8Array,
  keyring: Keyring,
  options: VerifyOptions = {},
): Promise<VerifiedSignature> {
  const prefix = options.source ? `${options.source}: ` : '';
  const now = options.now ?? new Date();
  if (signature.length === 0) throw new SignatureError('unsigned', `${prefix}the signature is empty`);
  let parsed: Signature;
  try {
    parsed =
      typeof signature === 'string'
        ? await readSignature({ armoredSignature: signature })
        : await readSignature({ binarySignature: signature });
  } catch (error) {
    throw new SignatureError('malformed', `${prefix}the detached signature is damaged: ${messageOf(error)}`, undefined, { cause: error });
  }
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return acceptSignatures(
    parsed,
    async (keys) => {
      const message = await createMessage({ binary: bytes });
      return (await verify({ message, signature: parsed, verificationKeys: keys, date: now, format: 'binary' })).signatures;
    },
    keyring,
    now,
    prefix,
  );
}
