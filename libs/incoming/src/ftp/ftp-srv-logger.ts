import { Logger } from '@nestjs/common';

/** The subset of bunyan's logger that ftp-srv calls. */
export interface FtpSrvLog {
  child(fields: object): FtpSrvLog;
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const describe = (args: unknown[]): string =>
  args
    .map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : JSON.stringify(arg)))
    .join(' ');

/**
 * ftp-srv's log routed to Nest's Logger. ftp-srv logs every refused command (a 550 for `..`) as an
 * error; those are the client's mistakes, so they go out at debug level. Its trace and debug lines
 * (every passive port opened) are dropped; server-level warnings stay warnings.
 */
export function ftpSrvLogger(logger: Logger = new Logger('IncomingFtp')): FtpSrvLog {
  const log: FtpSrvLog = {
    child: () => log,
    trace: () => undefined,
    debug: () => undefined,
    info: (...args) => logger.verbose(describe(args)),
    warn: (...args) => logger.warn(describe(args)),
    error: (...args) => logger.debug(describe(args)),
  };
  return log;
}
