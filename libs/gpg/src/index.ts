export { ArchiveKeyError, KeyringError, SignatureError, isSignatureError, type SignatureErrorCode } from './errors.js';
export { Keyring, describeKey, fingerprintOf, normalizeKeyHandle } from './keyring/keyring.js';
export type { VerifiedSignature } from './verify/accept-signatures.js';
export { verifyClearsigned, type ClearsignedVerification, type VerifyOptions } from './verify/verify-clearsigned.js';
export { verifyDetached } from './verify/verify-detached.js';
export { ArchiveKey } from './archive-key/archive-key.js';
export { archiveKeyFileName, loadOrCreateArchiveKey, type ArchiveKeyIdentity } from './archive-key/load-or-create-archive-key.js';
export { signReleaseFiles } from './archive-key/sign-release-files.js';
export { writeRepreproSignHook, type RepreproSignHook } from './archive-key/write-reprepro-sign-hook.js';
// For tests and benchmarks: a throwaway GnuPG home driving the real gpg and debsign.
export { GnupgHome, type GnupgKeyAlgorithm, type GnupgTimeOptions } from './testing/gnupg-home.js';
