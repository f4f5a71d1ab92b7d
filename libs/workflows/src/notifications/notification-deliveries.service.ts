import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectConfig, type MbdConfig } from '@mbd/config';
import { EventStore, NotificationFailed, NotificationSent, notificationsStream, retrying, type RecordedEvent, type RetryPolicy } from '@mbd/events';
import { DeliveryQueues, type DeliveryOutcome, type PendingDelivery } from './delivery-queue.js';
import { MailSender, smtpServerName } from './mail-sender.js';
import type { Notice } from './notice.js';
import type { Webhook } from './notification-settings.js';
import { renderMail } from './render-mail.js';
import { postWebhook } from './webhook-sender.js';

/** Overrides the delivery retries (tests): `@Inject(NOTIFICATION_RETRY)`. */
export const NOTIFICATION_RETRY = Symbol('NOTIFICATION_RETRY');

/** About half a minute per delivery at most (4 attempts, 2 s doubling), then NotificationFailed. */
export const DEFAULT_NOTIFICATION_RETRY: RetryPolicy = { attempts: 4, initialDelayMs: 2_000, maxDelayMs: 15_000 };
/** Notifications waiting per target (the mail server, each webhook) at most. */
export const NOTIFICATION_QUEUE_LIMIT = 500;

/** Retries of recording an outcome in the log (a short outage of the store). */
const RECORD_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 500, maxDelayMs: 5_000 };

/**
 * Sends notifications off the reactor's path: mail through MBD_SMTP_URL (nodemailer), webhooks as
 * signed JSON, each target with its own bounded queue and retries; records each outcome
 * (NotificationSent / NotificationFailed) in the stream `notifications-<position>`. What still waits
 * when the daemon stops is recorded as failed, never dropped unsaid; an event handled again (after a
 * crash) is not sent again to a target that already has its NotificationSent.
 */
@Injectable()
export class NotificationDeliveries implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private readonly mailSender?: MailSender;
  private readonly queues: DeliveryQueues;

  constructor(
    private readonly store: EventStore,
    @InjectConfig() private readonly config: MbdConfig,
    @Optional() @Inject(NOTIFICATION_RETRY) retry?: RetryPolicy,
  ) {
    if (config.smtpUrl !== undefined) this.mailSender = new MailSender(config.smtpUrl);
    this.queues = new DeliveryQueues({ limit: NOTIFICATION_QUEUE_LIMIT, retry: retry ?? DEFAULT_NOTIFICATION_RETRY, record: (delivery, outcome) => this.record(delivery, outcome) });
  }

  /** Says once what is off. */
  onModuleInit(): void {
    if (this.config.smtpUrl === undefined) this.logger.log('MBD_SMTP_URL is not set: no notification mail is sent');
    else this.logger.log(`notification mail goes through ${smtpServerName(this.config.smtpUrl)} from ${this.config.mailFrom}`);
    if (this.config.webhookSecret === undefined) this.logger.log('MBD_WEBHOOK_SECRET is not set: webhooks are not called');
  }

  /** Records what waits as not sent while the event store is still open (it closes after the modules that use it). */
  async onModuleDestroy(): Promise<void> {
    await this.queues.stop();
  }

  onApplicationShutdown(): void {
    this.mailSender?.close();
  }

  get mails(): boolean {
    return this.mailSender !== undefined;
  }

  get webhooks(): boolean {
    return this.config.webhookSecret !== undefined;
  }

  /**
   * Queues one mail per recipient and one POST per webhook about `event`, leaving out those already
   * sent (NotificationSent in `notifications-<position>`: the event is handled again after a crash);
   * never waits for a delivery.
   */
  async deliver(event: RecordedEvent, notice: Notice, recipients: readonly string[], webhooks: readonly Webhook[]): Promise<void> {
    const { mailSender } = this;
    const sent = await this.sentAbout(event.position);
    const mailTo = recipients.filter((to) => !sent.has(`mail ${to}`));
    const hooks = webhooks.filter(({ url }) => !sent.has(`webhook ${url}`));
    if (mailSender && mailTo.length > 0) {
      const mail = renderMail(notice);
      for (const to of mailTo)
        this.queues.enqueue('mail', { channel: 'mail', target: to, position: event.position, eventType: notice.eventType, send: () => mailSender.send({ from: this.config.mailFrom, to, ...mail }) });
    }
    const secret = this.config.webhookSecret;
    if (secret !== undefined && hooks.length > 0) {
      const body = webhookBody(event, notice);
      for (const { url } of hooks)
        this.queues.enqueue(`webhook ${url}`, { channel: 'webhook', target: url, position: event.position, eventType: notice.eventType, send: () => postWebhook(url, body, secret, event.type) });
    }
  }

  /** Resolves when nothing waits to be sent (tests). */
  idle(): Promise<void> {
    return this.queues.idle();
  }

  /** `<channel> <target>` of every notification about the event at `position` that was sent. */
  private async sentAbout(position: number): Promise<Set<string>> {
    const recorded = await this.store.readStream(notificationsStream(position));
    return new Set(recorded.flatMap((event) => (NotificationSent.is(event) ? [`${event.data.channel} ${event.data.target}`] : [])));
  }

  private async record(delivery: PendingDelivery, outcome: DeliveryOutcome): Promise<void> {
    const { channel, target, position, eventType } = delivery;
    const metadata = { actor: { kind: 'daemon' as const }, correlationId: `notifications-${position}`, occurredAt: new Date().toISOString() };
    const event = outcome.ok
      ? NotificationSent.create({ channel, target, position, eventType, attempts: outcome.attempts }, metadata)
      : NotificationFailed.create({ channel, target, position, eventType, attempts: outcome.attempts, error: outcome.error.slice(0, 1000) }, metadata);
    if (!outcome.ok) this.logger.warn(`${channel} to ${target} about the event at ${position} failed after ${outcome.attempts} attempt(s): ${outcome.error}`);
    try {
      await retrying(() => this.store.append(notificationsStream(position), [{ ...event, metadata: { ...metadata, occurredAt: new Date().toISOString() } }], 'any'), RECORD_RETRY);
    } catch (error) {
      this.logger.error(`could not record the ${channel} to ${target} about the event at ${position}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The JSON a webhook receives: the event as the log holds it, with the mail's subject and the links. */
export function webhookBody(event: RecordedEvent, notice: Notice): string {
  const { id, type, version, position, streamId, data, metadata } = event;
  return JSON.stringify({ id, type, version, position, streamId, occurredAt: metadata.occurredAt, actor: metadata.actor, data, subject: renderMail(notice).subject, links: notice.links });
}
