import { Module, type DynamicModule } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';
import { HttpUploadReceiver } from './http/http-upload.receiver.js';
import { IncomingRunner } from './incoming.runner.js';
import { INCOMING_SETTINGS, incomingSettings, type IncomingSettings } from './incoming.settings.js';
import { IncomingQuota } from './store/incoming-quota.js';

/**
 * FTP incoming and the upload intake (`<dataDir>/incoming/{ftp,http}`), started on application
 * bootstrap and stopped on shutdown, with the sweeper of rejected uploads' blobs. Needs EventStore
 * and BlobStore providers from other (global) modules; exports HttpUploadReceiver for the
 * `PUT /upload/<name>` controller. FTP and HTTP share one IncomingQuota.
 */
@Module({})
export class IncomingModule {
  static forRoot(config: MbdConfig): DynamicModule {
    const settings = incomingSettings(config);
    return {
      module: IncomingModule,
      providers: [
        { provide: INCOMING_SETTINGS, useValue: settings },
        {
          provide: IncomingQuota,
          useFactory: ({ ftpDir, httpDir, quotaBytes }: IncomingSettings) => new IncomingQuota([ftpDir, httpDir], quotaBytes),
          inject: [INCOMING_SETTINGS],
        },
        IncomingRunner,
        HttpUploadReceiver,
      ],
      exports: [HttpUploadReceiver, IncomingRunner, INCOMING_SETTINGS],
    };
  }
}
