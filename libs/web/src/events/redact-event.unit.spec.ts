import { describe, expect, it } from 'vitest';
import { HIDDEN, redactEventData, shownTo } from './redact-event.js';

describe('event data as a viewer who is not an admin sees it', () => {
  it('hides e-mail addresses, notification targets and token hashes, and nothing else', () => {
    expect(redactEventData('UserRegistered', { name: 'joe', email: 'joe@example.org' })).toEqual({ name: 'joe', email: HIDDEN });
    expect(redactEventData('UserCreated', { name: 'sam', role: 'staff' })).toEqual({ name: 'sam', role: 'staff' });
    expect(redactEventData('SubscriptionAdded', { user: 'joe', source: '*', distribution: '*', address: 'joe@example.org' })).toMatchObject({ user: 'joe', address: HIDDEN });
    expect(redactEventData('NotificationSent', { channel: 'mail', target: 'joe@example.org', position: 3 })).toMatchObject({ target: HIDDEN, position: 3 });
    expect(redactEventData('TokenIssued', { id: 't1', user: 'joe', name: 'laptop', sha256: 'a'.repeat(64) })).toMatchObject({ id: 't1', sha256: HIDDEN });
    expect(redactEventData('UploadReceived', { changedBy: 'Joe <joe@example.org>' })).toEqual({ changedBy: 'Joe <joe@example.org>' });
  });

  it('shows an admin everything', () => {
    const item = { type: 'UserRegistered', data: { name: 'joe', email: 'joe@example.org' } };
    expect(shownTo(true, item)).toBe(item);
    expect(shownTo(false, item).data).toEqual({ name: 'joe', email: HIDDEN });
  });
});
