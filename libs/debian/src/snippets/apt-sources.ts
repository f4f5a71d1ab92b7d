import { Deb822Paragraph } from '../deb822/deb822-paragraph.js';
import { writeDeb822 } from '../deb822/write-deb822.js';
import { DebianParseError } from '../errors.js';
import { checkNamePart, distributionName, repositoryUrl } from './archive-names.js';

/** One repository of an instance, for a given codename and suites. */
export interface AptSourceTarget {
  readonly host: string;
  readonly httpPort: number;
  readonly repository: string;
  readonly codename: string;
  readonly suites: readonly string[];
  /** Default `['main']`. */
  readonly components?: readonly string[];
  /** Default `['deb', 'deb-src']`. */
  readonly types?: ReadonlyArray<'deb' | 'deb-src'>;
  /**
   * The archive key: a path (`/etc/apt/keyrings/mbd-test.gpg`), or, for `.sources` only, the armored
   * public key itself.
   */
  readonly signedBy: string;
}

const ARMORED_KEY = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

/** One-line-style `sources.list` lines: `deb [signed-by=…] http://host:port/repositories/<id>/ <codename>-<id>-<suite> main`. */
export function sourcesList(target: AptSourceTarget): string {
  const signedBy = keyPath(target.signedBy);
  const url = repositoryUrl(target.host, target.httpPort, target.repository);
  const lines = target.suites.flatMap((suite) =>
    types(target).map((type) => `${type} [signed-by=${signedBy}] ${url} ${distributionName(target.codename, target.repository, suite)} ${components(target).join(' ')}`),
  );
  return `${lines.join('\n')}\n`;
}

/** A deb822-style `.sources` file (sources.list(5)) for the same, with Signed-By a path or the embedded key. */
export function debSources(target: AptSourceTarget): string {
  const signedBy = target.signedBy.trim().startsWith(ARMORED_KEY)
    ? `\n${target.signedBy.trim().split('\n').map((line) => (line.trim() === '' ? '.' : line.trimEnd())).join('\n')}`
    : keyPath(target.signedBy);
  return writeDeb822([
    Deb822Paragraph.of([
      ['Types', types(target).join(' ')],
      ['URIs', repositoryUrl(target.host, target.httpPort, target.repository)],
      ['Suites', target.suites.map((suite) => distributionName(target.codename, target.repository, suite)).join(' ')],
      ['Components', components(target).join(' ')],
      ['Signed-By', signedBy],
    ]),
  ]);
}

function keyPath(signedBy: string): string {
  if (!/^\/[A-Za-z0-9._/+-]+$/.test(signedBy)) {
    throw new DebianParseError('invalid-field', 'Signed-By must be an absolute key file path here (an embedded key only fits a .sources file)', { field: 'Signed-By' });
  }
  return signedBy;
}

function types(target: AptSourceTarget): ReadonlyArray<'deb' | 'deb-src'> {
  return target.types ?? ['deb', 'deb-src'];
}

function components(target: AptSourceTarget): readonly string[] {
  const list = target.components ?? ['main'];
  if (list.length === 0 || target.suites.length === 0) throw new DebianParseError('invalid-field', 'an APT source needs at least one suite and one component');
  return list.map((component) => checkNamePart('component', component));
}
