import { PackagePorted, PostgresEventStore, distributionStream, reactionClaimStream, readAllPages, verifyChain } from '@mbd/events';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, postgresSkipReason, postgresUrl } from '../../../../test/support/postgres.js';
import { claimReaction } from './claim-reaction.js';

const available = postgresUrl() !== undefined;

describe.skipIf(!available)(`claimReaction on a PostgreSQL store two daemons share${available ? '' : ` (skipped: ${postgresSkipReason()})`}`, () => {
  it('gives each of 20 events to exactly one of two daemons, each through its own connection, with the log chain intact', async () => {
    const url = await createTestDatabase('mbd_claims');
    const [a, b] = [await PostgresEventStore.open(url), await PostgresEventStore.open(url)];
    try {
      const metadata = { actor: { kind: 'user' as const, name: 'admin' }, correlationId: 'port', occurredAt: new Date().toISOString() };
      const ported = PackagePorted.create({ from: 'bookworm-test-unstable', to: 'bookworm-test-unstable', kind: 'internal', source: 'hello', fromVersion: '1.0-1', version: '1.0-1+rebuilt1' }, metadata);
      const { events } = await a.append(distributionStream('bookworm', 'test', 'unstable'), Array.from({ length: 20 }, () => ported), 'no-stream');

      const outcomes = await Promise.all(events.flatMap((event) => [claimReaction(a, 'porter', event, 'daemon-a'), claimReaction(b, 'porter', event, 'daemon-b')]));
      for (let i = 0; i < events.length; i += 1) expect(outcomes[2 * i]! !== outcomes[2 * i + 1]!, `event ${events[i]!.position} claimed by exactly one`).toBe(true);
      for (const event of events) expect(await b.readStream(reactionClaimStream('porter', event.position))).toHaveLength(1);
      expect(await verifyChain(readAllPages(a))).toEqual({ ok: true, count: 40 });
    } finally {
      await a.close();
      await b.close();
    }
  });
});
