import { join } from 'node:path';
import type { MbdConfig } from '@mbd/config';
import type { IncomingLimits } from './store/incoming-limits.js';

/** What incoming takes from the configuration, in its own terms. */
export interface IncomingSettings {
  readonly bind: string;
  readonly ftpPort: number;
  readonly pasvMin: number;
  readonly pasvMax: number;
  /** `<dataDir>/incoming/ftp`: FTP's `/incoming`. */
  readonly ftpDir: string;
  /** `<dataDir>/incoming/http`: where `PUT /upload/<name>` writes. */
  readonly httpDir: string;
  readonly limits: IncomingLimits;
  /** All bytes waiting in both drops together (IncomingQuota). */
  readonly quotaBytes: number;
  /** A .changes whose listed files are not all there this long after the upload's last activity is rejected. */
  readonly missingFilesGraceMs: number;
  /** Unlisted files and abandoned partial transfers are removed after this. */
  readonly strayTimeoutMs: number;
  /** FTP control connections: idle timeout and caps. */
  readonly ftpIdleTimeoutMs: number;
  readonly ftpTransferIdleTimeoutMs: number;
  readonly ftpMaxConnections: number;
  readonly ftpMaxConnectionsPerAddress: number;
  /** Blobs of uploads rejected longer ago than this are removed (when nothing else refers to them). */
  readonly rejectedBlobRetentionMs: number;
}

export const INCOMING_SETTINGS = Symbol('INCOMING_SETTINGS');

export const incomingSettings = (config: MbdConfig): IncomingSettings => ({
  bind: config.bind,
  ftpPort: config.ftpPort,
  pasvMin: config.ftpPasvMin,
  pasvMax: config.ftpPasvMax,
  ftpDir: join(config.dataDir, 'incoming', 'ftp'),
  httpDir: join(config.dataDir, 'incoming', 'http'),
  limits: { maxFileBytes: config.maxUploadFileBytes, maxUploadBytes: config.maxUploadBytes },
  quotaBytes: config.incomingQuotaBytes,
  missingFilesGraceMs: config.incompleteUploadTimeoutS * 1000,
  strayTimeoutMs: config.incomingStrayTimeoutS * 1000,
  ftpIdleTimeoutMs: config.ftpIdleTimeoutS * 1000,
  ftpTransferIdleTimeoutMs: config.ftpTransferIdleTimeoutS * 1000,
  ftpMaxConnections: config.ftpMaxConnections,
  ftpMaxConnectionsPerAddress: config.ftpMaxConnectionsPerAddress,
  rejectedBlobRetentionMs: config.rejectedBlobRetentionDays * 24 * 60 * 60 * 1000,
});
