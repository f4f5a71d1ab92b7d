import { describe, expect, it } from 'vitest';
import { DeliveryQueues, STOPPED, type DeliveryOutcome, type PendingDelivery } from './delivery-queue.js';

const retry = { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 };

function queues(limit = 10) {
  const outcomes: { target: string; outcome: DeliveryOutcome }[] = [];
  const queue = new DeliveryQueues({ limit, retry, record: (delivery, outcome) => Promise.resolve(void outcomes.push({ target: delivery.target, outcome })) });
  return { queue, outcomes };
}

const delivery = (target: string, send: () => Promise<void>): PendingDelivery => ({ channel: 'mail', target, position: 1, eventType: 'PackageInstalled', send });

describe('DeliveryQueues', () => {
  it('records a delivery as sent with the attempts it took', async () => {
    const { queue, outcomes } = queues();
    let calls = 0;
    queue.enqueue('mail', delivery('a@example.org', () => (++calls < 2 ? Promise.reject(new Error('421 try again')) : Promise.resolve())));
    await queue.idle();
    expect(outcomes).toEqual([{ target: 'a@example.org', outcome: { ok: true, attempts: 2 } }]);
  });

  it('gives up after the bounded attempts with the last error, and goes on with the next delivery', async () => {
    const { queue, outcomes } = queues();
    queue.enqueue('mail', delivery('dead@example.org', () => Promise.reject(new Error('connect ECONNREFUSED'))));
    queue.enqueue('mail', delivery('next@example.org', () => Promise.resolve()));
    await queue.idle();
    expect(outcomes).toEqual([
      { target: 'dead@example.org', outcome: { ok: false, attempts: 3, error: 'connect ECONNREFUSED' } },
      { target: 'next@example.org', outcome: { ok: true, attempts: 1 } },
    ]);
  });

  it('refuses what does not fit a full queue at once, as failed, and keeps other targets apart', async () => {
    const { queue, outcomes } = queues(1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    queue.enqueue('mail', delivery('first@example.org', () => held)); // being sent: the queue behind it is empty
    queue.enqueue('mail', delivery('second@example.org', () => Promise.resolve())); // waits: the queue is full
    queue.enqueue('mail', delivery('third@example.org', () => Promise.resolve())); // does not fit
    queue.enqueue('webhook https://hooks.example.org', delivery('https://hooks.example.org', () => Promise.resolve()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes.map(({ target, outcome }) => `${target} ${outcome.ok ? 'sent' : 'failed'}`)).toEqual(['third@example.org failed', 'https://hooks.example.org sent']);
    release();
    await queue.idle();
    expect(outcomes.map(({ target }) => target)).toEqual(['third@example.org', 'https://hooks.example.org', 'first@example.org', 'second@example.org']);
  });

  it('records what waits, and what comes after, as not sent when it stops', async () => {
    const { queue, outcomes } = queues();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    queue.enqueue('mail', delivery('first@example.org', () => held));
    queue.enqueue('mail', delivery('second@example.org', () => Promise.resolve()));
    await queue.stop();
    queue.enqueue('mail', delivery('late@example.org', () => Promise.resolve()));
    release();
    await queue.idle();
    expect(outcomes).toEqual([
      { target: 'second@example.org', outcome: STOPPED },
      { target: 'late@example.org', outcome: STOPPED },
      { target: 'first@example.org', outcome: { ok: true, attempts: 1 } },
    ]);
  });
});
