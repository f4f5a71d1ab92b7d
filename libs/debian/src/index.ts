export * from './errors.js';
export * from './version/debian-version.js';
