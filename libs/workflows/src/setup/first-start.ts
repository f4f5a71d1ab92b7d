import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { sandboxConfiguration } from '@mbd/archive';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { ArchiveKeyGenerated, EventStore, configurationStream, isWrongExpectedVersionError } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { ConfigurationService } from '../configuration/configuration.service.js';

/**
 * On the very first start (no archive key in the log) appends the sandbox configuration, as
 * mini-buildd's setup does: this instance's key, the bookworm source, repository `test` with the
 * Default layout. Later starts change nothing; a daemon joining a store another daemon set up is told
 * (an error in its log) when its archive key is not the archive's (MBD_ARCHIVE_KEY_DIR).
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
    const keys = (await this.store.readStream(configurationStream('daemon', 'archive-key'))).filter((event) => ArchiveKeyGenerated.is(event));
    if (keys.length > 0) {
      this.checkSharedKey(keys.at(-1)!.data.fingerprint);
      return;
    }
    for (const { streamId, event } of sandboxConfiguration(this.key.fingerprint, new Date().toISOString(), { mirror: this.config.mirror })) {
      try {
        await this.store.append(streamId, [event], 'no-stream');
      } catch (error) {
        // Another daemon sharing the event store made its first start at the same moment: its configuration stands.
        if (!isWrongExpectedVersionError(error)) throw error;
      }
    }
    await this.configuration.catchUp();
    this.logger.log(`first start: sandbox configured (repository test, bookworm, amd64; archive key ${this.key.fingerprint})`);
  }

  /** A daemon joining an event store whose archive signs with another key: its Release files and own uploads would not be the archive's. */
  private checkSharedKey(archiveFingerprint: string): void {
    if (archiveFingerprint === this.key.fingerprint) return;
    this.logger.error(
      `this daemon's archive key ${this.key.fingerprint} is not the archive's (${archiveFingerprint}): apt clients and the other daemons will not trust what it signs; point MBD_ARCHIVE_KEY_DIR at the directory holding the archive's key`,
    );
  }
}
