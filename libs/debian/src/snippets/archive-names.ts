import { DebianParseError } from '../errors.js';
import { printable } from '../printable.js';

const PART = /^[a-z0-9]+$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Refuses a repository id, codename, suite or component that is not `[a-z0-9]+` (they are joined by hyphens). */
export function checkNamePart(kind: 'repository' | 'codename' | 'suite' | 'component', text: string): string {
  if (!PART.test(text)) throw new DebianParseError('invalid-field', `${kind} '${printable(text, 40)}' must be lower-case letters and digits only`);
  return text;
}

/** A host name or IPv4 address to write into a snippet. */
export function checkHost(host: string): string {
  if (!HOST.test(host) || host.length > 253) throw new DebianParseError('invalid-field', `'${printable(host, 60)}' is not a host name`);
  return host;
}

export function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new DebianParseError('invalid-field', `${port} is not a TCP port`);
  return port;
}

/** The distribution an APT client and dput name: `<codename>-<repository>-<suite>` (bookworm-test-unstable). */
export function distributionName(codename: string, repository: string, suite: string): string {
  return `${checkNamePart('codename', codename)}-${checkNamePart('repository', repository)}-${checkNamePart('suite', suite)}`;
}

/** The base URL of one repository as the daemon serves it: `http://<host>:<port>/repositories/<id>/`. */
export function repositoryUrl(host: string, httpPort: number, repository: string): string {
  return `http://${checkHost(host)}:${checkPort(httpPort)}/repositories/${checkNamePart('repository', repository)}/`;
}
