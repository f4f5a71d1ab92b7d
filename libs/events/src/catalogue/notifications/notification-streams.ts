import { InvalidStreamIdError } from '../errors.js';

/**
 * Stream ids of subscriptions, webhooks and deliveries, built only here: `subscriptions-<user>` (what a
 * user subscribed to), `webhooks` (the admin's webhooks), `notifications-<position>` (who was told of
 * the event at a log position, and how that went).
 */

const userPattern = /^[a-z][a-z0-9._-]{0,62}$/;

/** `subscriptions-<user>`: the subscriptions of one user. */
export const subscriptionsStream = (user: string): string => {
  const streamId = `subscriptions-${user}`;
  if (!userPattern.test(user)) throw new InvalidStreamIdError(streamId, `user '${user}' does not match ${userPattern.source}`);
  return streamId;
};

/** `webhooks`: every webhook the admin added or removed. */
export const webhooksStream = (): string => 'webhooks';

/** `notifications-<position>`: the deliveries of the notifications about the event at `position`. */
export const notificationsStream = (position: number): string => {
  const streamId = `notifications-${position}`;
  if (!Number.isSafeInteger(position) || position < 1) throw new InvalidStreamIdError(streamId, 'a log position is a positive integer');
  return streamId;
};
