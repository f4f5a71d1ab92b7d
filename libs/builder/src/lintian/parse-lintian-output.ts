/** lintian's one-letter codes (lintian(1), "Output"): E error, W warning, I info, P pedantic, X experimental, O overridden, C classification, M masked. */
export type LintianSeverity = 'error' | 'warning' | 'info' | 'pedantic' | 'experimental' | 'overridden' | 'classification' | 'masked';

const severities: Readonly<Record<string, LintianSeverity>> = {
  E: 'error',
  W: 'warning',
  I: 'info',
  P: 'pedantic',
  X: 'experimental',
  O: 'overridden',
  C: 'classification',
  M: 'masked',
};

export interface LintianTag {
  readonly severity: LintianSeverity;
  /** The package the tag is about. */
  readonly package: string;
  /** `source`, `udeb`, `changes`, `buildinfo` or `binary` (lintian prints no type for binaries). */
  readonly type: string;
  readonly tag: string;
  /** The rest of the line: file, field or other context. */
  readonly context: string;
}

export interface LintianReport {
  readonly errors: number;
  readonly warnings: number;
  readonly tags: readonly LintianTag[];
}

const TAG_LINE = /^([EWIPXOCM]): (\S+?)(?: (source|udeb|changes|buildinfo))?: (\S+)(?: (.*))?$/;

/** Parses lintian's standard output (one `E: package [type]: tag context` per line); other lines are ignored. */
export function parseLintianOutput(output: string): LintianReport {
  const tags: LintianTag[] = [];
  for (const line of output.split('\n')) {
    const match = TAG_LINE.exec(line.trimEnd());
    if (match === null) continue;
    const [, code = '', pkg = '', type = 'binary', tag = '', context = ''] = match;
    const severity = severities[code];
    if (severity !== undefined) tags.push({ severity, package: pkg, type, tag, context });
  }
  return {
    errors: tags.filter((tag) => tag.severity === 'error').length,
    warnings: tags.filter((tag) => tag.severity === 'warning').length,
    tags,
  };
}

const codes = Object.fromEntries(Object.entries(severities).map(([code, severity]) => [severity, code])) as Record<LintianSeverity, string>;

/** The tags as lintian prints them without context (`E: hello source: tag`), e.g. for BuildSucceeded's `lintian.tags`. */
export const lintianTagLines = (report: LintianReport): string[] =>
  report.tags.map((tag) => `${codes[tag.severity]}: ${tag.package}${tag.type === 'binary' ? '' : ` ${tag.type}`}: ${tag.tag}`);
