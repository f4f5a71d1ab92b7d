import { NotificationFailed, SubscriptionAdded, UserApproved, UserDisabled, WebhookAdded, type Event, type RecordedEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { KEPT_DELIVERIES, activeSubscriptions, evolveNotificationSettings, initialNotificationSettings, webhooksFor, type NotificationSettings } from './notification-settings.js';

const metadata = { actor: { kind: 'daemon' as const }, correlationId: 'c', occurredAt: '2026-12-01T00:00:00.000Z' };
let position = 0;
const fold = (state: NotificationSettings, ...events: Event[]): NotificationSettings =>
  events.reduce((current, event) => evolveNotificationSettings(current, { ...event, id: `e${++position}`, streamId: 's', streamVersion: 0, position, prevHash: '', hash: '' } as RecordedEvent), state);

describe('notification settings', () => {
  it('mails the subscriptions of active users only: a disabled user’s come back when an admin approves her again', () => {
    const subscribed = fold(
      initialNotificationSettings(),
      SubscriptionAdded.create({ user: 'jane', source: '*', distribution: '*', address: 'jane@example.org' }, metadata),
      SubscriptionAdded.create({ user: 'joe', source: 'hello', distribution: '*', address: 'joe@example.org' }, metadata),
    );
    const disabled = fold(subscribed, UserDisabled.create({ name: 'jane' }, metadata));
    expect(activeSubscriptions(disabled).map((subscription) => subscription.user)).toEqual(['joe']);
    expect(activeSubscriptions(fold(disabled, UserApproved.create({ name: 'jane' }, metadata))).map((subscription) => subscription.user)).toEqual(['jane', 'joe']);
  });

  it('gives each event type the webhooks that want it', () => {
    const state = fold(
      initialNotificationSettings(),
      WebhookAdded.create({ url: 'https://all.example.org/' }, metadata),
      WebhookAdded.create({ url: 'https://installs.example.org/' }, metadata),
      WebhookAdded.create({ url: 'https://installs.example.org/', events: ['PackageInstalled'] }, metadata),
    );
    expect(webhooksFor(state, 'PackageInstalled').map((webhook) => webhook.url)).toEqual(['https://all.example.org/', 'https://installs.example.org/']);
    expect(webhooksFor(state, 'UploadRejected').map((webhook) => webhook.url)).toEqual(['https://all.example.org/']);
  });

  it('keeps the latest deliveries only', () => {
    const failures = Array.from({ length: KEPT_DELIVERIES + 5 }, (_, index) =>
      NotificationFailed.create({ channel: 'mail', target: 'a@example.org', position: index + 1, eventType: 'PackageInstalled', attempts: 4, error: 'refused' }, metadata),
    );
    const state = fold(initialNotificationSettings(), ...failures);
    expect(state.deliveries).toHaveLength(KEPT_DELIVERIES);
    expect(state.deliveries.at(-1)).toMatchObject({ outcome: 'failed', position: KEPT_DELIVERIES + 5, error: 'refused' });
  });
});
