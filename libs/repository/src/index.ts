export * from './errors.js';
export * from './blob-store/blob-store.port.js';
export * from './blob-store/fs-blob-store.adapter.js';
