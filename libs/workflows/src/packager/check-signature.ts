import type { SignatureCheck } from '@mbd/archive';
import { Keyring, isSignatureError, verifyClearsigned } from '@mbd/gpg';

/**
 * Verifies a .changes against every key the archive knows (uploaders of all repositories and the
 * archive key); whether that key may upload to the target repository is the packager's decision.
 */
export async function checkSignature(changesName: string, text: string, keyring: Keyring): Promise<SignatureCheck> {
  if (!text.trimStart().startsWith('-----BEGIN PGP SIGNED MESSAGE-----')) return { status: 'unsigned' };
  try {
    const verified = await verifyClearsigned(text, keyring, { source: changesName });
    return { status: 'valid', fingerprint: verified.fingerprint };
  } catch (error) {
    if (isSignatureError(error)) return error.code === 'unsigned' ? { status: 'unsigned' } : { status: 'bad', reason: error.message };
    throw error;
  }
}
