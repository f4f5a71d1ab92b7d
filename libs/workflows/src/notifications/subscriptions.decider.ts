import { eventMetadata, type CommandMetadata } from '@mbd/archive';
import { SubscriptionAdded, SubscriptionRemoved, WebhookAdded, WebhookRemoved, type Decider, type Event } from '@mbd/events';
import { evolveNotificationSettings, initialNotificationSettings, type NotificationSettings, type Webhook } from './notification-settings.js';
import type { Subscription } from './recipients.js';

/** A subscribe or unsubscribe on a user's stream, or a webhook change on the webhooks stream. */
export type SubscriptionCommand =
  | { readonly type: 'Subscribe'; readonly data: Subscription; readonly metadata: CommandMetadata }
  | { readonly type: 'Unsubscribe'; readonly data: Omit<Subscription, 'address'>; readonly metadata: CommandMetadata }
  | { readonly type: 'AddWebhook'; readonly data: Webhook; readonly metadata: CommandMetadata }
  | { readonly type: 'RemoveWebhook'; readonly data: { readonly url: string }; readonly metadata: CommandMetadata };

/** Subscriptions one user may hold at most (mini-buildd has no limit; each one is followed on every notified event). */
export const MAX_SUBSCRIPTIONS_PER_USER = 100;

/** A subscribe beyond MAX_SUBSCRIPTIONS_PER_USER: the API answers 409 with the message. */
export class SubscriptionLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubscriptionLimitError';
  }
}

const sameEvents = (a: readonly string[] | undefined, b: readonly string[] | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Subscriptions and webhooks: subscribing again to the same thing at the same address, or adding the same
 * webhook again, changes nothing; unsubscribing from (or removing) what is not there decides nothing. A
 * user holds at most MAX_SUBSCRIPTIONS_PER_USER subscriptions (the state is the user's own stream).
 */
export const subscriptionsDecider: Decider<NotificationSettings, SubscriptionCommand, Event> = {
  initialState: initialNotificationSettings,
  evolve: (state, event) => evolveNotificationSettings(state, event as Parameters<typeof evolveNotificationSettings>[1]),
  decide: (command, state) => {
    const metadata = eventMetadata(command.metadata);
    switch (command.type) {
      case 'Subscribe': {
        const { user, source, distribution, address } = command.data;
        const same = state.subscriptions.find((s) => s.user === user && s.source === source && s.distribution === distribution);
        if (same?.address === address) return [];
        const held = state.subscriptions.filter((s) => s.user === user).length;
        if (same === undefined && held >= MAX_SUBSCRIPTIONS_PER_USER)
          throw new SubscriptionLimitError(`${user} already has ${held} subscriptions, the most one user may have: unsubscribe from some, or subscribe to * instead`);
        return [SubscriptionAdded.create({ user, source, distribution, address }, metadata)];
      }
      case 'Unsubscribe': {
        const { user, source, distribution } = command.data;
        const there = state.subscriptions.some((s) => s.user === user && s.source === source && s.distribution === distribution);
        return there ? [SubscriptionRemoved.create({ user, source, distribution }, metadata)] : [];
      }
      case 'AddWebhook': {
        const same = state.webhooks.find((w) => w.url === command.data.url);
        return same && sameEvents(same.events, command.data.events) ? [] : [WebhookAdded.create({ url: command.data.url, ...(command.data.events ? { events: [...command.data.events] } : {}) }, metadata)];
      }
      case 'RemoveWebhook':
        return state.webhooks.some((w) => w.url === command.data.url) ? [WebhookRemoved.create(command.data, metadata)] : [];
    }
  },
};
