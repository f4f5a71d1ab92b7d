import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { INCOMING_SETTINGS, type IncomingSettings } from '../incoming.settings.js';
import { receiveHttpUpload } from './receive-http-upload.js';

/** What the daemon's `PUT /upload/<name>` controller calls: receiveHttpUpload into the HTTP drop. */
@Injectable()
export class HttpUploadReceiver {
  constructor(@Inject(INCOMING_SETTINGS) private readonly settings: IncomingSettings) {}

  /** Throws IncomingRefusedError (invalid-file-name → 400, file-too-large → 413). */
  receive(name: string, body: Readable, declaredBytes?: number): Promise<void> {
    return receiveHttpUpload(name, body, { incomingDir: this.settings.httpDir, maxFileBytes: this.settings.limits.maxFileBytes, declaredBytes });
  }
}
