/**
 * The one error the Debian parsers throw. Every refusal of outside input (a version, a deb822 text,
 * a .changes, a changelog) is a DebianParseError with a code, a message a person understands, and
 * where the problem is (1-based line, field) when that is known.
 */
export type DebianParseErrorCode =
  | 'invalid-version'
  | 'input-too-large'
  | 'invalid-deb822'
  | 'duplicate-field'
  | 'invalid-armor'
  | 'missing-field'
  | 'invalid-field'
  | 'invalid-file-name'
  | 'inconsistent-file-lists'
  | 'invalid-changelog';

/** Where in the input a problem is: a 1-based line number and/or a field name. */
export interface DebianParseLocation {
  readonly line?: number;
  readonly field?: string;
}

export class DebianParseError extends Error {
  readonly type = 'debian-parse-error' as const;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(
    readonly code: DebianParseErrorCode,
    /** What is wrong, without the location (it is prefixed to `message`). */
    readonly reason: string,
    where: DebianParseLocation = {},
  ) {
    super(describe(reason, where));
    this.name = 'DebianParseError';
    this.line = where.line;
    this.field = where.field;
  }
}

export const isDebianParseError = (error: unknown): error is DebianParseError => error instanceof DebianParseError;

function describe(reason: string, { line, field }: DebianParseLocation): string {
  const place = [line === undefined ? undefined : `line ${line}`, field === undefined ? undefined : `field ${field}`]
    .filter((part) => part !== undefined)
    .join(', ');
  return place === '' ? reason : `${place}: ${reason}`;
}
