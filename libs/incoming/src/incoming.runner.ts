import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '@mbd/events';
import { BlobStore } from '@mbd/repository';
import { IncomingFtpServer } from './ftp/incoming-ftp.server.js';
import { UploadIntake } from './intake/upload-intake.js';
import { INCOMING_SETTINGS, type IncomingSettings } from './incoming.settings.js';

/** Starts the intakes and the FTP server when the application boots, and stops them on shutdown. */
@Injectable()
export class IncomingRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly ftp: IncomingFtpServer;
  private readonly intakes: UploadIntake[];
  private port: number | undefined;

  constructor(@Inject(INCOMING_SETTINGS) settings: IncomingSettings, eventStore: EventStore, blobStore: BlobStore) {
    const { limits, incompleteUploadTimeoutMs } = settings;
    this.intakes = [
      new UploadIntake({ drop: { dir: settings.ftpDir, via: 'ftp' }, limits, incompleteUploadTimeoutMs }, eventStore, blobStore),
      new UploadIntake({ drop: { dir: settings.httpDir, via: 'http' }, limits, incompleteUploadTimeoutMs }, eventStore, blobStore),
    ];
    this.ftp = new IncomingFtpServer({
      bind: settings.bind,
      port: settings.ftpPort,
      pasvMin: settings.pasvMin,
      pasvMax: settings.pasvMax,
      incomingDir: settings.ftpDir,
      limits,
    });
  }

  /** The port the FTP server listens on (the real one when configured as 0), once started. */
  get ftpPort(): number | undefined {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const intake of this.intakes) await intake.start();
    this.port = await this.ftp.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ftp.stop();
    for (const intake of this.intakes) await intake.stop();
  }
}
