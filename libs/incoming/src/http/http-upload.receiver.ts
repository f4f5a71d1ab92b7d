import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { INCOMING_SETTINGS, type IncomingSettings } from '../incoming.settings.js';
import { IncomingQuota } from '../store/incoming-quota.js';
import { receiveHttpUpload } from './receive-http-upload.js';

/** What the daemon's `PUT /upload/<name>` controller calls: receiveHttpUpload into the HTTP drop. */
@Injectable()
export class HttpUploadReceiver {
  constructor(
    @Inject(INCOMING_SETTINGS) private readonly settings: IncomingSettings,
    private readonly quota: IncomingQuota,
  ) {}

  /** Throws IncomingRefusedError; its `httpStatus` is the answer (400 bad name, 413 too large, 507 incoming full). */
  receive(name: string, body: Readable, declaredBytes?: number): Promise<void> {
    const { httpDir, limits } = this.settings;
    return receiveHttpUpload(name, body, { incomingDir: httpDir, maxFileBytes: limits.maxFileBytes, maxUploadBytes: limits.maxUploadBytes, quota: this.quota, declaredBytes });
  }
}
