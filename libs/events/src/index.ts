export * from './event.js';
export * from './store/event-store.port.js';
export * from './store/errors.js';
export * from './catalogue/index.js';
