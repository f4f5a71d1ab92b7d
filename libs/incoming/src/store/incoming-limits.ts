/** Size limits of incoming (config maxUploadFileBytes / maxUploadBytes). */
export interface IncomingLimits {
  /** Largest single file. */
  readonly maxFileBytes: number;
  /** Largest upload: all files of one .changes, or everything sent in one FTP session. */
  readonly maxUploadBytes: number;
}
