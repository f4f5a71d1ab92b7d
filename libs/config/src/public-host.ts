import type { MbdConfig } from './config.schema.js';

/** The host apt and dput are told to use (MBD_PUBLIC_HOST, else the bind address, 127.0.0.1 for 0.0.0.0). */
export const publicHostOf = (config: Pick<MbdConfig, 'publicHost' | 'bind'>): string => config.publicHost ?? (config.bind === '0.0.0.0' ? '127.0.0.1' : config.bind);
