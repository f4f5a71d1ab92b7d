import { DebianParseError } from '../errors.js';
import { parseDistribution } from '../names/package-name.js';
import { checkHost, checkPort } from './archive-names.js';

/** An instance's FTP incoming, as dput should see it. */
export interface DputTarget {
  readonly host: string;
  readonly ftpPort: number;
  /** The distributions uploads may go to (uploadable suites only), e.g. `bookworm-test-unstable`. */
  readonly distributions: readonly string[];
  /** Whether the instance takes unsigned uploads (dput then does not insist on a signature). Default false. */
  readonly allowUnsignedUploads?: boolean;
  /** dput-ng only: `http` PUTs each file to the daemon's `/upload/<name>` on `httpPort` instead of FTP. Default ftp. */
  readonly method?: 'ftp' | 'http';
  readonly httpPort?: number;
}

/** The dput target name: `mbd-<host>`. */
export const dputTargetName = (host: string): string => `mbd-${checkHost(host)}`;

/** A regular expression (Python `re`, as dput uses) matching exactly the given distributions. */
export function allowedDistributionsPattern(distributions: readonly string[]): string {
  if (distributions.length === 0) throw new DebianParseError('invalid-field', 'a dput target needs at least one distribution to upload to');
  const names = distributions.map((name) => parseDistribution(name).replace(/[.+]/g, '\\$&'));
  return `^(${names.join('|')})$`;
}

/** A section for dput.cf (dput.cf(5)): `[mbd-<host>]`, FTP to `<host>:<port>` `/incoming`, anonymous. */
export function dputCf(target: DputTarget): string {
  return [
    `[${dputTargetName(target.host)}]`,
    'method = ftp',
    `fqdn = ${checkHost(target.host)}:${checkPort(target.ftpPort)}`,
    'login = anonymous',
    'incoming = /incoming',
    `allow_unsigned_uploads = ${target.allowUnsignedUploads === true ? 1 : 0}`,
    `allowed_distributions = ${allowedDistributionsPattern(target.distributions)}`,
    '',
  ].join('\n');
}

/** The same target as a dput-ng profile (JSON, for `~/.dput.d/profiles/mbd-<host>.json`). */
export function dputNgProfile(target: DputTarget): string {
  const http = target.method === 'http';
  if (http && target.httpPort === undefined) throw new DebianParseError('invalid-field', 'a dput-ng profile with the http method needs the HTTP port');
  const profile = {
    method: http ? 'http' : 'ftp',
    fqdn: `${checkHost(target.host)}:${checkPort(http ? target.httpPort! : target.ftpPort)}`,
    ...(http ? {} : { login: 'anonymous' }),
    incoming: http ? '/upload' : '/incoming',
    allow_unsigned_uploads: target.allowUnsignedUploads === true,
    allowed_distributions: allowedDistributionsPattern(target.distributions),
  };
  return `${JSON.stringify(profile, null, 2)}\n`;
}
