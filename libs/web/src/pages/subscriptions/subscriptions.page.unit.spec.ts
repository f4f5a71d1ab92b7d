import { describe, expect, it } from 'vitest';
import type { PageContext } from '../page-context.js';
import { renderSubscriptionsPage, type SubscriptionsData } from './subscriptions.page.js';

const jane: PageContext = {
  path: '/subscriptions',
  csrf: 'csrf-token',
  viewer: { name: 'jane', session: 's1', tokenId: 't1', role: 'maintainer', principal: { name: 'jane', role: 'maintainer', via: 'session', email: 'jane@example.org' } },
};
const admin: PageContext = { path: '/subscriptions', csrf: 'csrf-admin', viewer: { name: 'admin', session: 's2', role: 'admin', principal: { name: 'admin', role: 'admin', via: 'session' } } };

const data: SubscriptionsData = {
  subscriptions: [{ user: 'jane', source: 'hello', distribution: 'bookworm-test-unstable', address: 'jane@example.org' }],
  address: 'jane@example.org',
  distributions: ['bookworm-test-stable', 'bookworm-test-unstable'],
};

describe('subscriptions page', () => {
  it('shows the viewer’s subscriptions with an unsubscribe form each, and the subscribe form with every distribution', () => {
    const html = renderSubscriptionsPage(jane, data);
    expect(html).toContain('Your subscriptions');
    expect(html).toMatch(/action="\/subscriptions\/unsubscribe"[\s\S]*name="source" value="hello"[\s\S]*name="distribution" value="bookworm-test-unstable"/);
    expect(html).toContain('action="/subscriptions/subscribe"');
    expect(html).toContain('<option value="bookworm-test-stable">');
    expect(html).toContain('value="csrf-token"');
    expect(html).toContain('Mail to jane@example.org');
    expect(html).not.toContain('Webhooks');
  });

  it('says why there is no subscribe form for an account without an address', () => {
    const { address: _, ...withoutAddress } = data;
    const html = renderSubscriptionsPage(jane, withoutAddress);
    expect(html).not.toContain('action="/subscriptions/subscribe"');
    expect(html).toContain('no e-mail address');
  });

  it('asks a visitor to sign in, with no form', () => {
    const html = renderSubscriptionsPage({ path: '/subscriptions' }, { subscriptions: [], distributions: [] });
    expect(html).toContain('/sign-in?next=%2Fsubscriptions');
    expect(html).not.toContain('<form method="post" action="/subscriptions');
  });

  it('shows an admin everyone’s subscriptions (others’ without an unsubscribe form), the webhooks and the failed deliveries with their error', () => {
    const html = renderSubscriptionsPage(admin, {
      ...data,
      webhooks: [{ url: 'https://hooks.example.org/mbd', events: ['PackageInstalled'] }],
      deliveries: [{ outcome: 'failed', channel: 'mail', target: 'jane@example.org', position: 42, eventType: 'PackageInstalled', attempts: 4, error: 'connect ECONNREFUSED 127.0.0.1:25', at: '2026-12-01T01:00:00.000Z' }],
    });
    expect(html).toContain('<td>jane</td>');
    expect(html).not.toContain('action="/subscriptions/unsubscribe"');
    expect(html).toContain('https://hooks.example.org/mbd');
    expect(html).toContain('connect ECONNREFUSED 127.0.0.1:25');
    expect(html).toContain('href="/audit/42"');
  });
});
