import { Injectable } from '@nestjs/common';
import { EventStore, handleCommand, subscriptionsStream, webhooksStream, type Actor } from '@mbd/events';
import { randomUUID } from 'node:crypto';
import { daemonCommandMetadata } from '../support/command-metadata.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import type { Webhook } from './notification-settings.js';
import type { Subscription } from './recipients.js';
import { subscriptionsDecider, type SubscriptionCommand } from './subscriptions.decider.js';

export { MAX_SUBSCRIPTIONS_PER_USER, SubscriptionLimitError } from './subscriptions.decider.js';

/** A subscription or webhook request that names nothing there: the API answers 404 with the message. */
export class NotificationRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotificationRequestError';
  }
}

/** mini-buildd's subscribe/unsubscribe, and the admin's webhooks, as events. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly store: EventStore,
    private readonly settings: NotificationSettingsService,
  ) {}

  /** The subscriptions of `user`, or everyone's. */
  subscriptions(user?: string): Subscription[] {
    return this.settings.current().subscriptions.filter((subscription) => user === undefined || subscription.user === user);
  }

  webhooks(): readonly Webhook[] {
    return this.settings.current().webhooks;
  }

  async subscribe(subscription: Subscription, actor: Actor): Promise<Subscription> {
    await this.run(subscriptionsStream(subscription.user), { type: 'Subscribe', data: subscription }, actor);
    return subscription;
  }

  async unsubscribe(subscription: Omit<Subscription, 'address'>, actor: Actor): Promise<Omit<Subscription, 'address'>> {
    const appended = await this.run(subscriptionsStream(subscription.user), { type: 'Unsubscribe', data: subscription }, actor);
    if (!appended) throw new NotificationRequestError(`${subscription.user} has no subscription to ${subscription.source} in ${subscription.distribution}`);
    return subscription;
  }

  async addWebhook(webhook: Webhook, actor: Actor): Promise<Webhook> {
    await this.run(webhooksStream(), { type: 'AddWebhook', data: webhook }, actor);
    return webhook;
  }

  async removeWebhook(url: string, actor: Actor): Promise<{ url: string }> {
    if (!(await this.run(webhooksStream(), { type: 'RemoveWebhook', data: { url } }, actor))) throw new NotificationRequestError(`no webhook ${url}`);
    return { url };
  }

  /** Runs the command on `stream`; true when it appended something. Answers once the settings show it. */
  private async run(stream: string, command: Omit<SubscriptionCommand, 'metadata'>, actor: Actor): Promise<boolean> {
    const result = await handleCommand(this.store, stream, subscriptionsDecider, {
      ...command,
      metadata: daemonCommandMetadata(randomUUID(), undefined, actor),
    } as SubscriptionCommand);
    const last = result.events.at(-1);
    if (last) await this.settings.at(last.position);
    return last !== undefined;
  }
}
