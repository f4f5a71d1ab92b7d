import type { BuildStatus } from '../build/builder.port.js';

const buildStatuses: readonly BuildStatus[] = ['successful', 'failed', 'attempted', 'given-back', 'skipped'];

/**
 * The fields of the last `Summary` section of an sbuild log (`Status: successful`, `Fail-Stage: build`,
 * `Build-Time: 13`, …), or undefined when sbuild did not get that far.
 */
export function parseSbuildSummary(log: string): Record<string, string> | undefined {
  const lines = log.split('\n');
  const start = lines.findLastIndex((line, index) => stageHeading(lines[index - 1], line) === 'Summary');
  if (start < 0) return undefined;
  const fields: Record<string, string> = {};
  for (const line of lines.slice(start + 2)) {
    if (/^-{20,}$/.test(line) || /^\+[-=]+\+$/.test(line)) break;
    const field = /^([A-Za-z][A-Za-z -]*): (.*)$/.exec(line);
    if (field !== null) fields[field[1] as string] = (field[2] as string).trim();
  }
  return fields;
}

/** The BuildStatus of sbuild's `Status:`; an unknown or missing status counts as `failed`. */
export function buildStatusOf(summary: Readonly<Record<string, string>>): BuildStatus {
  const status = summary.Status;
  return buildStatuses.find((known) => known === status) ?? 'failed';
}

/** Lines that say why a build failed, from the most specific (the package's own tools) to sbuild's verdict. */
const failurePatterns: readonly RegExp[] = [
  /^dpkg-buildpackage: error: .+/,
  /^dpkg-source: error: .+/,
  /^E: .+/,
  /^make(\[\d+\])?: \*\*\* .+/,
];

/** The line of the log that best explains a failure, e.g. `dpkg-buildpackage: error: debian/rules build subprocess returned exit status 2`. */
export function failureLine(log: string): string | undefined {
  const lines = log.split('\n');
  for (const pattern of failurePatterns) {
    const line = lines.findLast((candidate) => pattern.test(candidate));
    if (line !== undefined) return line.trim();
  }
  return undefined;
}

/** failureLine for a log read line by line: keeps the last line of each pattern, not the log. */
export class FailureLines {
  private readonly last: (string | undefined)[] = failurePatterns.map(() => undefined);

  see(line: string): void {
    failurePatterns.forEach((pattern, index) => {
      if (pattern.test(line)) this.last[index] = line;
    });
  }

  get line(): string | undefined {
    return this.last.find((line) => line !== undefined)?.trim();
  }
}

/** The reason a person reads: `successful`, or status, stage and the telling log line. */
export function buildReason(summary: Readonly<Record<string, string>>, log: string): string {
  return reasonOf(summary, failureLine(log));
}

/** buildReason with the telling line already found (FailureLines). */
export function reasonOf(summary: Readonly<Record<string, string>>, line: string | undefined): string {
  const status = summary.Status ?? 'unknown';
  if (status === 'successful' || status === 'skipped') return `sbuild: ${status}`;
  const stage = summary['Fail-Stage'];
  return `sbuild: ${status}${stage !== undefined ? ` at stage ${stage}` : ''}${line !== undefined ? `: ${line}` : ''}`;
}

/**
 * The name of an sbuild section when `line` is its heading (`| Install package build dependencies |`
 * under a `+----+` rule), otherwise undefined. The boxed package banner under `+====+` is not a section.
 */
export function stageHeading(previousLine: string | undefined, line: string): string | undefined {
  if (previousLine === undefined || !/^\+-+\+$/.test(previousLine)) return undefined;
  const heading = /^\| (.+?)\s*\|$/.exec(line);
  return heading?.[1];
}

/** The schroot session sbuild opened, from its early `Log filtering will replace 'var/run/schroot/mount/<session>'` notice. */
export function schrootSessionOf(line: string): string | undefined {
  return /var\/run\/schroot\/mount\/([^'/\s]+)/.exec(line)?.[1];
}
