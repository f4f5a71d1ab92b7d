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
  | 'upload-too-large'
  /** The global incoming quota (all drops together) would be exceeded: nothing of the file is kept. */
  | 'incoming-full'
  /** An FTP data connection sent nothing for the transfer idle timeout: the transfer was aborted. */
  | 'transfer-idle';

/**
 * The answer each refusal gets: the HTTP status for `PUT /upload/<name>` and the FTP reply code for
 * STOR (RFC 959: 552 "exceeded storage allocation", 553 "file name not allowed", 426 "transfer aborted").
 */
export const incomingRefusalReplies: Readonly<Record<IncomingRefusalCode, { readonly http: number; readonly ftp: number }>> = {
  'invalid-file-name': { http: 400, ftp: 553 },
  'path-not-allowed': { http: 400, ftp: 550 },
  'operation-not-allowed': { http: 405, ftp: 550 },
  'file-too-large': { http: 413, ftp: 552 },
  'upload-too-large': { http: 413, ftp: 552 },
  'incoming-full': { http: 507, ftp: 552 },
  'transfer-idle': { http: 408, ftp: 426 },
};

export class IncomingRefusedError extends Error {
  readonly type = 'incoming-refused' as const;
  constructor(
    readonly code: IncomingRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'IncomingRefusedError';
  }

  /** The HTTP status to answer with (incomingRefusalReplies). */
  get httpStatus(): number {
    return incomingRefusalReplies[this.code].http;
  }

  /** The FTP reply code to answer with (incomingRefusalReplies). */
  get ftpReplyCode(): number {
    return incomingRefusalReplies[this.code].ftp;
  }
}

export const isIncomingRefusedError = (error: unknown): error is IncomingRefusedError => error instanceof IncomingRefusedError;
