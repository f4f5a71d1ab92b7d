import { Injectable, Logger } from '@nestjs/common';
import { resolveDistribution } from '@mbd/archive';
import { InjectConfig, daemonNameOf, type MbdConfig } from '@mbd/config';
import { EventStore, notifiedEventTypes, type RecordedEvent } from '@mbd/events';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { claimReaction } from '../support/claim-reaction.js';
import type { Reactor } from '../support/reactor-follower.js';
import { NoticeReader } from './notice-reader.js';
import { NotificationDeliveries } from './notification-deliveries.service.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { activeSubscriptions, webhooksFor } from './notification-settings.js';
import { recipientsOf } from './recipients.js';

const notified = new Set<string>(notifiedEventTypes);

/**
 * Tells people and machines what happened: on a rejection, a failed build, an install, a migration or
 * a removal it works out the recipients (subscribers who are not disabled, the repository's notify addresses, Changed-By
 * and Maintainer where the repository says so and a known key signed the upload) and the webhooks, claims the event's notifications
 * (claimReaction: of several daemons sharing the store only the one whose ReactionClaimed was stored
 * delivers), and hands them to the deliveries, which never hold it up.
 */
@Injectable()
export class NotificationsReactor implements Reactor {
  private readonly logger = new Logger('notifications');

  constructor(
    private readonly store: EventStore,
    private readonly reader: NoticeReader,
    private readonly settings: NotificationSettingsService,
    private readonly configuration: ConfigurationService,
    private readonly deliveries: NotificationDeliveries,
    @InjectConfig() private readonly config: MbdConfig,
  ) {}

  accepts(event: RecordedEvent): boolean {
    return notified.has(event.type);
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (!this.deliveries.mails && !this.deliveries.webhooks) return;
    const read = await this.reader.noticeOf(event);
    if (!read) return;
    const settings = await this.settings.at(event.position);
    const configuration = await this.configuration.at(event.position);
    const resolved = read.distribution === undefined ? undefined : resolveDistribution([...configuration.repositories.values()], read.distribution);
    // A meta distribution (`unstable`) of an upload is matched as the distribution it stands for.
    const notice = resolved?.ok && resolved.rollback === undefined ? { ...read, distribution: resolved.settings.name } : read;
    const recipients = this.deliveries.mails ? recipientsOf(notice, activeSubscriptions(settings), resolved?.ok ? resolved.config : undefined) : [];
    const webhooks = this.deliveries.webhooks ? webhooksFor(settings, notice.eventType) : [];
    if (recipients.length === 0 && webhooks.length === 0) return;
    if (!(await claimReaction(this.store, 'notifications', event, daemonNameOf(this.config)))) return; // another daemon delivers them
    await this.deliveries.deliver(event, notice, recipients, webhooks);
  }

  giveUp(event: RecordedEvent, reason: string): Promise<void> {
    this.logger.error(`no notifications about the ${event.type} at position ${event.position}: ${reason}`);
    return Promise.resolve();
  }
}
