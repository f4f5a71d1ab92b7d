import { retrying, type NotifiedEventType, type RetryPolicy } from '@mbd/events';

/** One notification to send: `send` throws when the mail server or the webhook did not take it. */
export interface PendingDelivery {
  readonly channel: 'mail' | 'webhook';
  readonly target: string;
  readonly position: number;
  readonly eventType: NotifiedEventType;
  readonly send: () => Promise<void>;
}

export type DeliveryOutcome = { readonly ok: true; readonly attempts: number } | { readonly ok: false; readonly attempts: number; readonly error: string };

export interface DeliveryQueueOptions {
  /** Deliveries waiting per queue at most; one more is refused at once (recorded as failed). */
  readonly limit: number;
  readonly retry: RetryPolicy;
  /** Hears the outcome of each delivery (after its last attempt). */
  readonly record: (delivery: PendingDelivery, outcome: DeliveryOutcome) => Promise<void>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)) || 'failed';

/** The outcome of a delivery the daemon stopped before trying: recorded, so that no mail is lost unsaid. */
export const STOPPED: DeliveryOutcome = { ok: false, attempts: 0, error: 'not sent: the daemon stopped before sending it' };

/**
 * Bounded in-memory queues, one per target (the mail server, each webhook URL), each sending one
 * delivery at a time with retries and back-off. Nothing that enqueues ever waits on a delivery: a dead
 * target only fills its own queue, and what does not fit is recorded as failed.
 */
export class DeliveryQueues {
  private readonly queues = new Map<string, PendingDelivery[]>();
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly options: DeliveryQueueOptions) {}

  /** Queues `delivery` behind the others for `queue`; never waits for it. */
  enqueue(queue: string, delivery: PendingDelivery): void {
    if (this.stopped) {
      void this.record(delivery, STOPPED);
      return;
    }
    const waiting = this.queues.get(queue) ?? [];
    if (waiting.length >= this.options.limit) {
      void this.record(delivery, { ok: false, attempts: 1, error: `not sent: ${waiting.length} notifications were already waiting for ${queue}` });
      return;
    }
    waiting.push(delivery);
    this.queues.set(queue, waiting);
    if (!this.running.has(queue)) {
      const worker = this.work(queue).finally(() => this.running.delete(queue));
      this.running.set(queue, worker);
    }
  }

  /** Resolves when every queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /**
   * Drops what waits, recording each as failed (STOPPED), and resolves once they are recorded; the
   * deliveries under way finish their current attempt's retries.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const dropped = [...this.queues.values()].flat();
    this.queues.clear();
    await Promise.all(dropped.map((delivery) => this.record(delivery, STOPPED)));
  }

  private async work(queue: string): Promise<void> {
    for (let next = this.queues.get(queue)?.shift(); next; next = this.queues.get(queue)?.shift()) {
      let attempts = 0;
      try {
        await retrying(
          () => {
            attempts += 1;
            return next!.send();
          },
          this.options.retry,
        );
        await this.record(next, { ok: true, attempts });
      } catch (error) {
        await this.record(next, { ok: false, attempts, error: messageOf(error) });
      }
    }
  }

  private async record(delivery: PendingDelivery, outcome: DeliveryOutcome): Promise<void> {
    await this.options.record(delivery, outcome).catch(() => undefined);
  }
}
