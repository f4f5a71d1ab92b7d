import type { NotificationFailed } from './notification-failed.event.js';
import type { NotificationSent } from './notification-sent.event.js';
import type { SubscriptionAdded } from './subscription-added.event.js';
import type { SubscriptionRemoved } from './subscription-removed.event.js';
import type { WebhookAdded } from './webhook-added.event.js';
import type { WebhookRemoved } from './webhook-removed.event.js';

/** Subscriptions (`subscriptions-<user>`), webhooks (`webhooks`) and deliveries (`notifications-<position>`, after the ReactionClaimed of follower `notifications`). */
export type NotificationEvent = SubscriptionAdded | SubscriptionRemoved | WebhookAdded | WebhookRemoved | NotificationSent | NotificationFailed;
