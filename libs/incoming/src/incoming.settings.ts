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
  readonly incompleteUploadTimeoutMs: number;
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
  incompleteUploadTimeoutMs: config.incompleteUploadTimeoutS * 1000,
});
