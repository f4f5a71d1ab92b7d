/**
 * Why incoming refused a file or a request. Messages go back to the uploader (FTP reply, HTTP body),
 * so each names the file or path and what is wrong.
 */
export type IncomingRefusalCode =
  /** Not a plain Debian file name (path separators, `..`, leading dot, odd characters). */
  | 'invalid-file-name'
  /** A path outside the virtual tree `/` and `/incoming`. */
  | 'path-not-allowed'
  /** A read, delete, rename, mkdir, chmod or append: incoming only accepts new files. */
  | 'operation-not-allowed'
  | 'file-too-large'
  | 'upload-too-large';

export class IncomingRefusedError extends Error {
  readonly type = 'incoming-refused' as const;
  constructor(
    readonly code: IncomingRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'IncomingRefusedError';
  }
}

export const isIncomingRefusedError = (error: unknown): error is IncomingRefusedError => error instanceof IncomingRefusedError;
