import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { sandboxConfiguration } from '@mbd/archive';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore, configurationStream } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { ConfigurationService } from '../configuration/configuration.service.js';

/**
 * On the very first start (no archive key in the log) appends the sandbox configuration, as
 * mini-buildd's setup does: this instance's key, the bookworm source, repository `test` with the
 * Default layout. Later starts change nothing.
 */
@Injectable()
export class FirstStart implements OnModuleInit {
  private readonly logger = new Logger('setup');

  constructor(
    @InjectConfig() private readonly config: MbdConfig,
    private readonly store: EventStore,
    private readonly key: ArchiveKey,
    private readonly configuration: ConfigurationService,
  ) {}

  async onModuleInit(): Promise<void> {
    if ((await this.store.readStream(configurationStream('daemon', 'archive-key'))).length > 0) return;
    for (const { streamId, event } of sandboxConfiguration(this.key.fingerprint, new Date().toISOString(), { mirror: this.config.mirror })) {
      await this.store.append(streamId, [event], 'no-stream');
    }
    await this.configuration.catchUp();
    this.logger.log(`first start: sandbox configured (repository test, bookworm, amd64; archive key ${this.key.fingerprint})`);
  }
}
