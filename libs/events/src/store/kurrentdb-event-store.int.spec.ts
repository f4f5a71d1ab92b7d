import { describe, expect, it } from 'vitest';
import { EventStoreUnavailableError } from './errors.js';
import { eventStoreContract } from './event-store.contract.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.adapter.js';

const url = process.env.MBD_EVENTSTORE_URL;

if (url) {
  eventStoreContract('KurrentDB', async () => ({
    store: await KurrentDbEventStore.open(url),
    reopen: () => KurrentDbEventStore.open(url),
    cleanup: () => Promise.resolve(),
  }));
} else {
  describe.skip('KurrentDB event store (contract): MBD_EVENTSTORE_URL not set: no KurrentDB server on this machine', () => {
    it('runs the shared contract suite against the server MBD_EVENTSTORE_URL names', () => undefined);
  });
}

describe('KurrentDB event store without a server', () => {
  it('refuses to start, naming MBD_EVENTSTORE_URL without the password', async () => {
    const opened = KurrentDbEventStore.open('kurrentdb://admin:changeit@127.0.0.1:1?tls=false');
    await expect(opened).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opened).rejects.toThrow(/MBD_EVENTSTORE_URL=kurrentdb:\/\/admin:\*\*\*@127\.0\.0\.1:1/);
    await expect(opened).rejects.not.toThrow(/changeit/);
  });
});
