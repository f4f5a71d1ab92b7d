import { eventStoreContract } from './event-store.contract.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

eventStoreContract('in-memory', () => {
  const store = new InMemoryEventStore();
  return Promise.resolve({
    store,
    tamper: (position: number) => Promise.resolve(store.tamper(position, { source: 'evil', version: '6.6.6' })),
    cleanup: () => Promise.resolve(),
  });
});
