import {
  NotificationFailed,
  NotificationSent,
  SubscriptionAdded,
  SubscriptionRemoved,
  UserApproved,
  UserCreated,
  UserDisabled,
  WebhookAdded,
  WebhookRemoved,
  type NotifiedEventType,
  type RecordedEvent,
} from '@mbd/events';
import type { Subscription } from './recipients.js';

export interface Webhook {
  readonly url: string;
  /** Only these events (absent: every notified event). */
  readonly events?: readonly NotifiedEventType[];
}

/** One recorded delivery, for GET /api/notifications. */
export interface Delivery {
  readonly outcome: 'sent' | 'failed';
  readonly channel: 'mail' | 'webhook';
  readonly target: string;
  /** The position of the event it was about, and that event's type. */
  readonly position: number;
  readonly eventType: string;
  readonly attempts: number;
  readonly error?: string;
  readonly at: string;
}

/** Subscriptions, webhooks and the latest deliveries, folded from the log. */
export interface NotificationSettings {
  readonly subscriptions: readonly Subscription[];
  readonly webhooks: readonly Webhook[];
  readonly deliveries: readonly Delivery[];
  /** Users an admin disabled (mini-buildd mails active users only); approving or creating them again lifts it. */
  readonly disabledUsers: ReadonlySet<string>;
}

/** Deliveries kept for the API: the newest ones. */
export const KEPT_DELIVERIES = 200;

export const initialNotificationSettings = (): NotificationSettings => ({ subscriptions: [], webhooks: [], deliveries: [], disabledUsers: new Set() });

const sameSubscription = (a: Pick<Subscription, 'user' | 'source' | 'distribution'>, b: Pick<Subscription, 'user' | 'source' | 'distribution'>) =>
  a.user === b.user && a.source === b.source && a.distribution === b.distribution;

/** Folds one event into the settings (events of other types leave them as they are). */
export function evolveNotificationSettings(state: NotificationSettings, event: RecordedEvent): NotificationSettings {
  if (SubscriptionAdded.is(event)) return { ...state, subscriptions: [...state.subscriptions.filter((s) => !sameSubscription(s, event.data)), event.data] };
  if (SubscriptionRemoved.is(event)) return { ...state, subscriptions: state.subscriptions.filter((s) => !sameSubscription(s, event.data)) };
  if (UserDisabled.is(event)) return { ...state, disabledUsers: new Set(state.disabledUsers).add(event.data.name) };
  if ((UserApproved.is(event) || UserCreated.is(event)) && state.disabledUsers.has(event.data.name)) {
    const disabledUsers = new Set(state.disabledUsers);
    disabledUsers.delete(event.data.name);
    return { ...state, disabledUsers };
  }
  if (WebhookAdded.is(event)) return { ...state, webhooks: [...state.webhooks.filter((w) => w.url !== event.data.url), event.data] };
  if (WebhookRemoved.is(event)) return { ...state, webhooks: state.webhooks.filter((w) => w.url !== event.data.url) };
  if (NotificationSent.is(event) || NotificationFailed.is(event)) {
    const { channel, target, position, eventType, attempts } = event.data;
    const delivery: Delivery = {
      outcome: NotificationSent.is(event) ? 'sent' : 'failed',
      channel,
      target,
      position,
      eventType,
      attempts,
      ...(NotificationFailed.is(event) ? { error: event.data.error } : {}),
      at: event.metadata.occurredAt,
    };
    return { ...state, deliveries: [...state.deliveries, delivery].slice(-KEPT_DELIVERIES) };
  }
  return state;
}

/** The subscriptions that get mail: those of users who are not disabled. */
export const activeSubscriptions = (state: NotificationSettings): Subscription[] => state.subscriptions.filter((subscription) => !state.disabledUsers.has(subscription.user));

/** The webhooks that want events of `type`. */
export const webhooksFor = (state: NotificationSettings, type: NotifiedEventType): Webhook[] =>
  state.webhooks.filter((webhook) => webhook.events === undefined || webhook.events.includes(type));
