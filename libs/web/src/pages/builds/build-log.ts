import { parseLintianOutput, parseSbuildSummary, stageHeading } from '@mbd/builder';

/** How many of a stored log's last lines the build page shows (the whole log is a link away). */
export const LOG_TAIL_LINES = 2000;

export interface LogTail {
  /** The last lines, as text. */
  readonly text: string;
  readonly totalLines: number;
  /** Lines before `text` that the page leaves out. */
  readonly omittedLines: number;
  readonly bytes: number;
}

const NEWLINE = 0x0a;

/** The last `count` lines of a log without decoding the rest (logs are up to MBD_BUILD_LOG_MAX_BYTES). */
export function tailLines(log: Buffer, count = LOG_TAIL_LINES): LogTail {
  // The final newline ends the last line; it does not start another.
  const end = log.length > 0 && log[log.length - 1] === NEWLINE ? log.length - 1 : log.length;
  let totalLines = log.length === 0 ? 0 : 1;
  for (let at = log.indexOf(NEWLINE); at >= 0 && at < end; at = log.indexOf(NEWLINE, at + 1)) totalLines += 1;
  let from = 0;
  let cut = end;
  for (let found = 0; found < count && cut > 0; found += 1) {
    const newline = log.lastIndexOf(NEWLINE, cut - 1);
    if (newline < 0) break;
    cut = newline;
    if (found + 1 === count) from = newline + 1;
  }
  return { text: log.subarray(from, end).toString('utf8'), totalLines, omittedLines: Math.max(0, totalLines - count), bytes: log.length };
}

/** One sbuild stage of a stored log (a `| Name |` section under a `+---+` rule). */
export interface LogStage {
  readonly name: string;
  /** 1-based line of its heading. */
  readonly line: number;
  /** Lines up to the next stage (or the log's end). */
  readonly lines: number;
  /** How long it took, when sbuild's Summary says (Install-Time, Build-Time). */
  readonly seconds?: number;
}

export interface LogPhases {
  readonly stages: readonly LogStage[];
  /** The fields of sbuild's final Summary (Status, Fail-Stage, Build-Time, …), when the log has one. */
  readonly summary?: Readonly<Record<string, string>>;
}

/** The Summary fields that time a stage (sbuild records no time for the others). */
const STAGE_TIMES: Readonly<Record<string, string>> = { 'Install package build dependencies': 'Install-Time', Build: 'Build-Time' };

const seconds = (value: string | undefined): number | undefined => (value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined);

/**
 * sbuild's stages as the stored log shows them (the builder's own stageHeading), with the durations
 * its Summary records. The events do not carry the stages (the builder measures them,
 * BuildSucceeded/BuildFailed do not record them), so they are read from the log's stage headings.
 */
export function logPhases(log: string): LogPhases {
  const lines = log.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const headings: { name: string; line: number }[] = [];
  lines.forEach((line, index) => {
    const name = stageHeading(lines[index - 1], line);
    if (name !== undefined) headings.push({ name, line: index + 1 });
  });
  const summary = parseSbuildSummary(log);
  const stages = headings.map((heading, index): LogStage => {
    const next = headings[index + 1];
    const time = seconds(summary?.[STAGE_TIMES[heading.name] ?? '']);
    return { name: heading.name, line: heading.line, lines: (next ? next.line - 1 : lines.length + 1) - heading.line, ...(time !== undefined ? { seconds: time } : {}) };
  });
  return { stages, ...(summary ? { summary } : {}) };
}

/** One lintian tag of a build's results, from BuildSucceeded's `lintian.tags` (`E: hello source: tag`). */
export interface LintianRow {
  readonly severity: string;
  readonly package: string;
  readonly type: string;
  readonly tag: string;
  /** The line as recorded, when it is not in lintian's form. */
  readonly raw?: string;
}

export function lintianRows(tags: readonly string[]): LintianRow[] {
  return tags.map((line) => {
    const [parsed] = parseLintianOutput(line).tags;
    return parsed
      ? { severity: parsed.severity, package: parsed.package, type: parsed.type, tag: parsed.tag }
      : { severity: '', package: '', type: '', tag: '', raw: line };
  });
}
