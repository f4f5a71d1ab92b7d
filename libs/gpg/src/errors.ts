/** Why a signature was not accepted; each says which key or what is wrong. */
export type SignatureErrorCode =
  | 'unsigned'
  | 'malformed'
  | 'unknown-key'
  | 'expired-key'
  | 'revoked-key'
  | 'bad-signature'
  | 'weak-algorithm';

/** A clearsigned or detached signature that is not accepted. */
export class SignatureError extends Error {
  readonly type = 'signature' as const;
  constructor(
    readonly code: SignatureErrorCode,
    message: string,
    /** The signing key, as far as it is known: its primary fingerprint, else the key id the signature names. */
    readonly key?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignatureError';
  }
}

export const isSignatureError = (error: unknown): error is SignatureError => error instanceof SignatureError;

/** Key material that cannot be read into a keyring (an uploader key, a keyring file). */
export class KeyringError extends Error {
  readonly type = 'keyring' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyringError';
  }
}

/** The archive key cannot be loaded, created or used; start-up stops with this. */
export class ArchiveKeyError extends Error {
  readonly type = 'archive-key' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveKeyError';
  }
}
