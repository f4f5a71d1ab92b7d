import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '@mbd/events';
import { BlobStore } from '@mbd/repository';
import { IncomingFtpServer } from './ftp/incoming-ftp.server.js';
import { UploadIntake } from './intake/upload-intake.js';
import { INCOMING_SETTINGS, type IncomingSettings } from './incoming.settings.js';
import { RejectedBlobSweeper } from './retention/rejected-blob.sweeper.js';
import { IncomingQuota } from './store/incoming-quota.js';

/** Starts the intakes, the FTP server and the rejected-blob sweeper when the application boots, and stops them on shutdown. */
@Injectable()
export class IncomingRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly ftp: IncomingFtpServer;
  private readonly intakes: UploadIntake[];
  private readonly sweeper: RejectedBlobSweeper;
  private port: number | undefined;

  constructor(@Inject(INCOMING_SETTINGS) settings: IncomingSettings, eventStore: EventStore, blobStore: BlobStore, quota: IncomingQuota) {
    const { limits, missingFilesGraceMs, strayTimeoutMs } = settings;
    this.intakes = [
      new UploadIntake({ drop: { dir: settings.ftpDir, via: 'ftp' }, limits, missingFilesGraceMs, strayTimeoutMs }, eventStore, blobStore),
      new UploadIntake({ drop: { dir: settings.httpDir, via: 'http' }, limits, missingFilesGraceMs, strayTimeoutMs }, eventStore, blobStore),
    ];
    this.ftp = new IncomingFtpServer({
      bind: settings.bind,
      port: settings.ftpPort,
      pasvMin: settings.pasvMin,
      pasvMax: settings.pasvMax,
      incomingDir: settings.ftpDir,
      limits,
      quota,
      idleTimeoutMs: settings.ftpIdleTimeoutMs,
      transferIdleTimeoutMs: settings.ftpTransferIdleTimeoutMs,
      maxConnections: settings.ftpMaxConnections,
      maxConnectionsPerAddress: settings.ftpMaxConnectionsPerAddress,
    });
    this.sweeper = new RejectedBlobSweeper({ retentionMs: settings.rejectedBlobRetentionMs }, eventStore, blobStore);
  }

  /** The port the FTP server listens on (the real one when configured as 0), once started. */
  get ftpPort(): number | undefined {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const intake of this.intakes) await intake.start();
    this.port = await this.ftp.start();
    this.sweeper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
    await this.ftp.stop();
    for (const intake of this.intakes) await intake.stop();
  }
}
