import { Module, type DynamicModule } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';
import { HttpUploadReceiver } from './http/http-upload.receiver.js';
import { IncomingRunner } from './incoming.runner.js';
import { INCOMING_SETTINGS, incomingSettings } from './incoming.settings.js';

/**
 * FTP incoming and the upload intake (`<dataDir>/incoming/{ftp,http}`), started on application
 * bootstrap and stopped on shutdown. Needs EventStore and BlobStore providers from other (global)
 * modules; exports HttpUploadReceiver for the `PUT /upload/<name>` controller.
 */
@Module({})
export class IncomingModule {
  static forRoot(config: MbdConfig): DynamicModule {
    return {
      module: IncomingModule,
      providers: [{ provide: INCOMING_SETTINGS, useValue: incomingSettings(config) }, IncomingRunner, HttpUploadReceiver],
      exports: [HttpUploadReceiver, IncomingRunner],
    };
  }
}
