import { readCleartextMessage, verify, type CleartextMessage, type Signature } from 'openpgp';
import { SignatureError } from '../errors.js';
import type { Keyring } from '../keyring/keyring.js';
import { acceptSignatures, messageOf, type VerifiedSignature } from './accept-signatures.js';

export interface ClearsignedVerification extends VerifiedSignature {
  /** The text the signature covers, ending in a newline; only this part of the input is trustworthy. */
  readonly signedText: string;
}

export interface VerifyOptions {
  /** What is being checked, named in error messages (e.g. the .changes file name). */
  readonly source?: string;
  /** The time at which the key must be valid; defaults to now. */
  readonly now?: Date;
}

const clearsignHeader = /^-----BEGIN PGP SIGNED MESSAGE-----\r?$/m;

/**
 * Checks an OpenPGP clearsigned text (a signed `.changes` or `.dsc`) against `keyring` and returns the
 * signed text and who signed it; throws a SignatureError (`unsigned`, `malformed`, `unknown-key`,
 * `expired-key`, `revoked-key`, `bad-signature`, `weak-algorithm`) otherwise.
 */
export async function verifyClearsigned(
  armoredText: string,
  keyring: Keyring,
  options: VerifyOptions = {},
): Promise<ClearsignedVerification> {
  const prefix = options.source ? `${options.source}: ` : '';
  const now = options.now ?? new Date();
  if (!clearsignHeader.test(armoredText)) {
    throw new SignatureError('unsigned', `${prefix}not signed: no "-----BEGIN PGP SIGNED MESSAGE-----" line`);
  }
  let message: CleartextMessage;
  try {
    message = await readCleartextMessage({ cleartextMessage: armoredText });
  } catch (error) {
    throw new SignatureError('malformed', `${prefix}the clearsigned text is damaged: ${messageOf(error)}`, undefined, { cause: error });
  }
  let signedText = '';
  const signer = await acceptSignatures(
    // The signature block: a public field of CleartextMessage that openpgp's typings leave out.
    (message as CleartextMessage & { readonly signature: Signature }).signature,
    async (keys) => {
      const result = await verify({ message, verificationKeys: keys, date: now });
      signedText = result.data;
      return result.signatures;
    },
    keyring,
    now,
    prefix,
  );
  return { ...signer, signedText: signedText.endsWith('\n') ? signedText : `${signedText}\n` };
}
