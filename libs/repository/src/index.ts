export * from './blob-store/blob-store.port.js';
