export * from './event.js';
export * from './store/event-store.port.js';
export * from './store/errors.js';
export * from './catalogue/index.js';
export { verifyChain, canonicalJson, type ChainVerification } from './store/hash-chain.js';
export * from './store/read-all-pages.js';
export * from './store/in-memory-event-store.js';
export * from './store/sqlite-event-store.adapter.js';
export * from './store/postgres-event-store.adapter.js';
