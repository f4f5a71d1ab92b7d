import { Deb822Paragraph } from '../deb822/deb822-paragraph.js';
import { writeDeb822 } from '../deb822/write-deb822.js';
import { DebianParseError } from '../errors.js';
import { printable } from '../printable.js';
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
  /** Rollback distributions to list after a suite's own (`<distribution>-rollback0..N-1`), by suite (mini-buildd's `--rollbacks`). */
  readonly rollbacks?: Readonly<Record<string, number>>;
  /** A snapshot: every distribution becomes `<distribution>/snapshots/<name>` (mini-buildd's `--snapshot`). */
  readonly snapshot?: string;
  /** A mirror's base URL instead of the instance's (mini-buildd's `--mirror`), ending in `/`. */
  readonly mirror?: string;
  /** More APT options (`check-valid-until=no`, `arch=amd64`): one-line `[…]` entries, or deb822 fields. */
  readonly options?: readonly string[];
}

const ARMORED_KEY = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

/** One-line-style `sources.list` lines: `deb [signed-by=…] http://host:port/repositories/<id>/ <codename>-<id>-<suite> main`. */
export function sourcesList(target: AptSourceTarget): string {
  const signedBy = keyPath(target.signedBy);
  const url = urlOf(target);
  const options = [`signed-by=${signedBy}`, ...aptOptions(target).map(([key, value]) => `${key}=${value}`)].join(' ');
  const lines = distributions(target).flatMap((distribution) => types(target).map((type) => `${type} [${options}] ${url} ${distribution} ${components(target).join(' ')}`));
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
      ['URIs', urlOf(target)],
      ['Suites', distributions(target).join(' ')],
      ['Components', components(target).join(' ')],
      ...aptOptions(target).map(([key, value]): [string, string] => [deb822Field(key), value]),
      ['Signed-By', signedBy],
    ]),
  ]);
}

const SNAPSHOT = /^[A-Za-z0-9][A-Za-z0-9._:+~-]{0,63}$/;
const OPTION = /^([a-z][a-z0-9-]{0,40})=([A-Za-z0-9.,_:/+-]{1,200})$/;

/** The distributions of the target: each suite's, its rollbacks after it, all below the snapshot if one is named. */
function distributions(target: AptSourceTarget): string[] {
  if (target.snapshot !== undefined && !SNAPSHOT.test(target.snapshot)) {
    throw new DebianParseError('invalid-field', `'${printable(target.snapshot, 40)}' is no snapshot name`);
  }
  return target.suites.flatMap((suite) => {
    const distribution = distributionName(target.codename, target.repository, suite);
    const rollbacks = target.rollbacks?.[suite] ?? 0;
    const names = [distribution, ...Array.from({ length: Math.min(rollbacks, 100) }, (_, n) => `${distribution}-rollback${n}`)];
    return target.snapshot === undefined ? names : names.map((name) => `${name}/snapshots/${target.snapshot}`);
  });
}

function urlOf(target: AptSourceTarget): string {
  if (target.mirror === undefined) return repositoryUrl(target.host, target.httpPort, target.repository);
  let url: URL;
  try {
    url = new URL(target.mirror);
  } catch {
    throw new DebianParseError('invalid-field', `'${printable(target.mirror, 80)}' is not a URL`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash || /\s/.test(target.mirror)) {
    throw new DebianParseError('invalid-field', `mirror '${printable(target.mirror, 80)}' must be a plain http(s) URL`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The extra APT options as key and value; signed-by is the target's own. */
function aptOptions(target: AptSourceTarget): [string, string][] {
  return (target.options ?? []).map((option) => {
    const match = OPTION.exec(option);
    if (!match || match[1] === 'signed-by') {
      throw new DebianParseError('invalid-field', `'${printable(option, 60)}' is not an APT option like check-valid-until=no (signed-by is set already)`);
    }
    return [match[1]!, match[2]!];
  });
}

/** The deb822 field of a one-line option: `check-valid-until` → `Check-Valid-Until`. */
const deb822Field = (key: string): string => key.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);

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
