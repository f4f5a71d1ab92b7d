import { hostname } from 'node:os';
import type { MbdConfig } from './config.schema.js';

/** This daemon's name among those sharing one event store: MBD_DAEMON_NAME, else `<host name>:<MBD_HTTP_PORT>`. */
export const daemonNameOf = (config: Pick<MbdConfig, 'daemonName' | 'httpPort'>, host: string = hostname()): string =>
  config.daemonName ?? `${host}:${config.httpPort}`;

/** The name this daemon's own sbuild goes by in BuildStarted: `local@<daemon name>`. */
export const localBuilderNameOf = (config: Pick<MbdConfig, 'daemonName' | 'httpPort'>): string => `local@${daemonNameOf(config)}`;
