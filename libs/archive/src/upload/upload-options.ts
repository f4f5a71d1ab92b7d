import type { CheckMode } from '@mbd/events';
import { printable } from '@mbd/debian';
import { parseDistributionName } from '../configuration/distribution-name.js';

/**
 * mini-buildd's upload options (reference §4 step 2): `* MINI_BUILDD_OPTION: <key>[<arch>]=<value>` lines in
 * the top changelog block of an upload. `ignore-lintian` and `run-lintian` are mini-buildd's deprecated
 * spellings of `lintian-mode`, still read so that old changelogs keep working.
 */
export const UPLOAD_OPTION_KEYS = [
  'lintian-mode',
  'piuparts-mode',
  'autopkgtest-mode',
  'internal-apt-priority',
  'auto-ports',
  'deb-build-options',
  'deb-build-profiles',
  'add-depends',
  'ignore-lintian',
  'run-lintian',
] as const;
export type UploadOptionKey = (typeof UPLOAD_OPTION_KEYS)[number];

/** One option as written (its value with runs of whitespace made one space); `architecture` when it was `key[arch]`. */
export interface UploadOption {
  readonly key: UploadOptionKey;
  readonly architecture?: string;
  readonly value: string;
}

/** An option as UploadAccepted records it (parsed and validated by parseUploadOptions before). */
export interface RecordedUploadOption {
  readonly key: string;
  readonly architecture?: string;
  readonly value: string;
}

export interface ParsedUploadOptions {
  readonly options: readonly UploadOption[];
  /** Why options are wrong (mini-buildd's "Unknown upload option", "Duplicate upload option", "Invalid upload option value"). */
  readonly problems: readonly string[];
}

/** More is not a changelog but an attack on the review. */
export const MAX_UPLOAD_OPTIONS = 50;
const MAX_OPTION_CHARS = 1000;

const CHECK_MODES: readonly CheckMode[] = ['disabled', 'ignore', 'errfail', 'warnfail'];
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, 1: true, false: false, 0: false };
/** apt's pin priorities are signed 16-bit numbers. */
const APT_PRIORITY = { min: -32768, max: 32767 };
const architecturePattern = /^[a-z0-9][a-z0-9-]*$/;
/** deb-build-options words (`nocheck`, `parallel=4`, `optimize=-lto`) and build profile names (`nodoc`, `pkg.foo.bar`). */
const buildOptionPattern = /^[a-z0-9][a-z0-9_.+=-]*$/;
const buildProfilePattern = /^[a-z0-9][a-z0-9.+-]*$/;
/** A dependency relation list as sbuild's --add-depends takes it: package names, versions, `|`, `,`, `[arch]`, `<profile>`. */
const dependencyPattern = /^[A-Za-z0-9][A-Za-z0-9 ,|()<>=.+~:[\]!-]*$/;
/** A header line of a changelog entry in a .changes Changes field (its leading space removed): `source (version) dist; …`. */
const entryHeader = /^[a-z0-9][a-z0-9+.-]* \(/;
const optionLine = /^(\s*)(?:[*+-]\s*)?MINI_BUILDD_OPTION\s*:(.*)$/;
const bulletLine = /^\s*[*+-]\s/;
const optionText = /^([A-Za-z0-9_-]+)\s*(?:\[([^\]]*)\])?\s*=(.*)$/s;

const isKey = (key: string): key is UploadOptionKey => (UPLOAD_OPTION_KEYS as readonly string[]).includes(key);
const withoutArchitecture: ReadonlySet<UploadOptionKey> = new Set(['internal-apt-priority', 'auto-ports']);

/** The lines of the first changelog entry of a .changes `Changes` field (an upload may carry several; only the top one counts). */
export const topChangelogBlock = (changes: string): string[] => {
  const lines = changes.split('\n');
  const first = lines.findIndex((line) => entryHeader.test(line));
  if (first < 0) return lines;
  const next = lines.findIndex((line, index) => index > first && entryHeader.test(line));
  return lines.slice(first, next < 0 ? undefined : next);
};

/**
 * The option items of a block: each `MINI_BUILDD_OPTION:` line with its continuation lines (indented at
 * least as far, up to a blank line, a `.` line or the next bullet), joined with one space.
 */
const optionItems = (block: readonly string[]): string[] => {
  const items: string[] = [];
  for (let index = 0; index < block.length; index++) {
    const match = optionLine.exec(block[index]!);
    if (!match) continue;
    const indent = match[1]!.length;
    let text = match[2]!;
    while (index + 1 < block.length) {
      const next = block[index + 1]!;
      const nextIndent = next.length - next.trimStart().length;
      if (next.trim() === '' || next.trim() === '.' || nextIndent < indent || bulletLine.test(next) || optionLine.test(next)) break;
      text += ` ${next}`;
      index++;
    }
    items.push(text.replace(/\s+/g, ' ').trim());
  }
  return items;
};

const invalid = (written: string, why: string) => `Invalid upload option value '${printable(written)}': ${why}`;

/** Why `value` is not a valid value for `key`, or undefined. */
const valueProblem = (key: UploadOptionKey, value: string): string | undefined => {
  switch (key) {
    case 'lintian-mode':
    case 'piuparts-mode':
    case 'autopkgtest-mode':
      return (CHECK_MODES as readonly string[]).includes(value) ? undefined : `must be one of ${CHECK_MODES.join(', ')}`;
    case 'ignore-lintian':
    case 'run-lintian':
      return value.toLowerCase() in BOOLEANS ? undefined : 'Bool value must be one of true,1,false,0';
    case 'internal-apt-priority': {
      const number = /^-?[0-9]{1,6}$/.test(value) ? Number(value) : NaN;
      return number >= APT_PRIORITY.min && number <= APT_PRIORITY.max ? undefined : `must be an apt pin priority, a whole number from ${APT_PRIORITY.min} to ${APT_PRIORITY.max}`;
    }
    case 'auto-ports': {
      const names = value.split(',').map((name) => name.trim());
      const bad = names.find((name) => { const parsed = parseDistributionName(name); return !parsed || parsed.rollback !== undefined; });
      if (bad !== undefined) return `'${printable(bad)}' is not a distribution <codename>-<repository>-<suite>`;
      return new Set(names).size === names.length ? undefined : 'a distribution is listed twice';
    }
    case 'deb-build-options': {
      const bad = value.split(' ').find((word) => !buildOptionPattern.test(word));
      return bad === undefined ? undefined : `'${printable(bad)}' is not a DEB_BUILD_OPTIONS word (nocheck, parallel=4, …)`;
    }
    case 'deb-build-profiles': {
      const bad = value.split(/[ ,]+/).find((word) => !buildProfilePattern.test(word));
      return bad === undefined ? undefined : `'${printable(bad)}' is not a build profile name (nocheck, nodoc, stage1, …)`;
    }
    case 'add-depends':
      return dependencyPattern.test(value) ? undefined : 'must be a dependency list as in debian/control (e.g. libfoo-dev (>= 1.2), bar)';
    default: {
      const unknown: never = key;
      return `no rule for ${String(unknown)}`;
    }
  }
};

/**
 * The upload options of a .changes `Changes` field (as @mbd/debian's parseChanges gives it): every option
 * of its top changelog block, and every problem with them. Options with a problem are left out of
 * `options`; an upload with any problem is rejected, so none of them applies.
 */
export const parseUploadOptions = (changes: string): ParsedUploadOptions => checkUploadOptions(optionItems(topChangelogBlock(changes)));

/**
 * The options written as `key[arch]=value` items (a changelog's MINI_BUILDD_OPTION lines, or the
 * options given to a port), checked with the same rules, and every problem with them.
 */
export const checkUploadOptions = (items: readonly string[]): ParsedUploadOptions => {
  if (items.length > MAX_UPLOAD_OPTIONS) return { options: [], problems: [`Too many upload options: ${items.length} (at most ${MAX_UPLOAD_OPTIONS})`] };
  const options: UploadOption[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (item.length > MAX_OPTION_CHARS) {
      problems.push(`Invalid upload option value '${printable(item)}': longer than ${MAX_OPTION_CHARS} characters`);
      continue;
    }
    const match = optionText.exec(item);
    if (!match) {
      problems.push(`Malformed upload option '${printable(item)}': write MINI_BUILDD_OPTION: <key>[<arch>]=<value>`);
      continue;
    }
    const key = match[1]!;
    const architecture = match[2]?.trim();
    const value = match[3]!.trim();
    if (!isKey(key)) {
      problems.push(`Unknown upload option '${printable(key)}' (known: ${UPLOAD_OPTION_KEYS.join(', ')})`);
      continue;
    }
    const written = `${key}${architecture === undefined ? '' : `[${architecture}]`}`;
    if (architecture !== undefined && withoutArchitecture.has(key)) {
      problems.push(`Invalid upload option '${printable(written)}': ${key} applies to the whole upload, not to one architecture`);
      continue;
    }
    if (architecture !== undefined && !architecturePattern.test(architecture)) {
      problems.push(`Invalid upload option '${printable(written)}': '${printable(architecture)}' is not an architecture`);
      continue;
    }
    if (seen.has(written)) {
      problems.push(`Duplicate upload option '${printable(written)}'`);
      continue;
    }
    seen.add(written);
    const problem = value === '' ? 'the value is empty' : valueProblem(key, value);
    if (problem !== undefined) {
      problems.push(invalid(`${written}=${value}`, problem));
      continue;
    }
    options.push({ key, ...(architecture === undefined ? {} : { architecture }), value });
  }
  return { options, problems };
};

/** The options that apply to one architecture (or, without one, to the upload as a whole, e.g. lintian on its source). */
export interface ResolvedUploadOptions {
  readonly lintianMode?: CheckMode;
  readonly piupartsMode?: CheckMode;
  readonly autopkgtestMode?: CheckMode;
  readonly internalAptPriority?: number;
  readonly autoPorts?: readonly string[];
  readonly debBuildOptions?: readonly string[];
  readonly debBuildProfiles?: readonly string[];
  /** Each one an sbuild `--add-depends`. */
  readonly addDepends?: readonly string[];
}

/**
 * Resolves options for `architecture`: `key[architecture]` wins over plain `key` (mini-buildd's rule);
 * options for other architectures do not apply. For lintian, `lintian-mode` wins over the deprecated
 * `run-lintian=false` (disabled), which wins over `ignore-lintian=true` (ignore).
 */
export const resolveUploadOptions = (options: readonly RecordedUploadOption[], architecture?: string): ResolvedUploadOptions => {
  const value = (key: UploadOptionKey): string | undefined =>
    (architecture === undefined ? undefined : options.find((option) => option.key === key && option.architecture === architecture)?.value) ??
    options.find((option) => option.key === key && option.architecture === undefined)?.value;
  const mode = (key: UploadOptionKey) => value(key) as CheckMode | undefined;
  const flag = (key: UploadOptionKey) => {
    const written = value(key);
    return written === undefined ? undefined : BOOLEANS[written.toLowerCase()];
  };
  const lintianMode = mode('lintian-mode') ?? (flag('run-lintian') === false ? 'disabled' : flag('ignore-lintian') === true ? 'ignore' : undefined);
  const words = (key: UploadOptionKey, separator: RegExp) => value(key)?.split(separator).filter((word) => word !== '');
  const priority = value('internal-apt-priority');
  const addDepends = value('add-depends');
  const resolved: { -readonly [K in keyof ResolvedUploadOptions]: ResolvedUploadOptions[K] } = {
    lintianMode,
    piupartsMode: mode('piuparts-mode'),
    autopkgtestMode: mode('autopkgtest-mode'),
    internalAptPriority: priority === undefined ? undefined : Number(priority),
    autoPorts: words('auto-ports', /\s*,\s*/),
    debBuildOptions: words('deb-build-options', / /),
    debBuildProfiles: words('deb-build-profiles', /[ ,]+/),
    addDepends: addDepends === undefined ? undefined : [addDepends],
  };
  return Object.fromEntries(Object.entries(resolved).filter(([, entry]) => entry !== undefined)) as ResolvedUploadOptions;
};
