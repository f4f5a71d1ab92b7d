export * from './errors.js';
export * from './version/debian-version.js';
export * from './deb822/decode-input.js';
export * from './deb822/clearsigned.js';
export * from './deb822/deb822-paragraph.js';
export * from './deb822/parse-deb822.js';
export * from './deb822/write-deb822.js';
