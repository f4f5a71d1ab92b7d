import type { CommandMetadata } from '@mbd/archive';
import type { Event, RecordedEvent } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_USER, SubscriptionLimitError, subscriptionsDecider, type SubscriptionCommand } from './subscriptions.decider.js';

const metadata: CommandMetadata = { now: '2026-12-01T00:00:00.000Z', actor: { kind: 'user', name: 'jane' }, correlationId: 'c1' };
let position = 0;
const recorded = (event: Event): RecordedEvent => ({ ...event, id: `e${++position}`, streamId: 's', streamVersion: position, position, prevHash: '', hash: '' });

/** Runs the commands one after the other, folding what each decided; returns what each decided. */
function run(...commands: Omit<SubscriptionCommand, 'metadata'>[]): string[][] {
  let state = subscriptionsDecider.initialState();
  return commands.map((command) => {
    const decided = subscriptionsDecider.decide({ ...command, metadata } as SubscriptionCommand, state);
    const events = Array.isArray(decided) ? decided : [decided];
    for (const event of events) state = subscriptionsDecider.evolve(state, recorded(event));
    return events.map((event: Event) => event.type);
  });
}

const jane = { user: 'jane', source: 'hello', distribution: '*', address: 'jane@example.org' };

describe('subscriptionsDecider', () => {
  it('subscribes once: the same subscription again decides nothing, a new address replaces the old', () => {
    expect(run({ type: 'Subscribe', data: jane }, { type: 'Subscribe', data: jane }, { type: 'Subscribe', data: { ...jane, address: 'j@example.org' } })).toEqual([
      ['SubscriptionAdded'],
      [],
      ['SubscriptionAdded'],
    ]);
  });

  it('unsubscribes only from what is there', () => {
    const { address: _, ...what } = jane;
    expect(run({ type: 'Unsubscribe', data: what }, { type: 'Subscribe', data: jane }, { type: 'Unsubscribe', data: what }, { type: 'Unsubscribe', data: what })).toEqual([
      [],
      ['SubscriptionAdded'],
      ['SubscriptionRemoved'],
      [],
    ]);
  });

  it('adds a webhook once per URL and events, and removes only one that is there', () => {
    const url = 'https://hooks.example.org/mbd';
    expect(
      run(
        { type: 'AddWebhook', data: { url } },
        { type: 'AddWebhook', data: { url } },
        { type: 'AddWebhook', data: { url, events: ['PackageInstalled'] } },
        { type: 'RemoveWebhook', data: { url } },
        { type: 'RemoveWebhook', data: { url } },
      ),
    ).toEqual([['WebhookAdded'], [], ['WebhookAdded'], ['WebhookRemoved'], []]);
  });

  it('refuses a subscription beyond the most one user may hold, but still takes a new address for one held', () => {
    const many = Array.from({ length: MAX_SUBSCRIPTIONS_PER_USER }, (_, index) => ({ type: 'Subscribe' as const, data: { ...jane, source: `source-${index}` } }));
    expect(run(...many).flat()).toHaveLength(MAX_SUBSCRIPTIONS_PER_USER);
    expect(() => run(...many, { type: 'Subscribe', data: { ...jane, source: 'one-more' } })).toThrow(SubscriptionLimitError);
    expect(run(...many, { type: 'Subscribe', data: { ...jane, source: 'source-0', address: 'j@example.org' } }).at(-1)).toEqual(['SubscriptionAdded']);
  });
});
