import { DebianParseError } from '../errors.js';

/** One field as written: its name with the case it had, and its value. */
export interface Deb822Field {
  readonly name: string;
  /**
   * The first line's text (trimmed), then one `\n`-separated line per continuation line with its
   * first whitespace character removed, so ` .` becomes `.` and the text round-trips exactly.
   */
  readonly value: string;
  /** 1-based line of the field's name in the input; 0 for paragraphs built in code. */
  readonly line: number;
}

/** One paragraph (stanza): fields in order, looked up by name without regard to case. */
export class Deb822Paragraph {
  private readonly byName = new Map<string, Deb822Field>();

  constructor(
    readonly fields: readonly Deb822Field[],
    /** 1-based line of the paragraph's first field; 0 for paragraphs built in code. */
    readonly line = 0,
  ) {
    for (const field of fields) {
      const key = field.name.toLowerCase();
      const earlier = this.byName.get(key);
      if (earlier !== undefined) {
        throw new DebianParseError('duplicate-field', `field ${field.name} appears twice (first on line ${earlier.line})`, {
          line: field.line,
          field: field.name,
        });
      }
      this.byName.set(key, field);
    }
  }

  /** Builds a paragraph from name/value pairs, in order. */
  static of(fields: Record<string, string> | ReadonlyArray<readonly [string, string]>): Deb822Paragraph {
    const entries = Array.isArray(fields) ? fields : Object.entries(fields);
    return new Deb822Paragraph(entries.map(([name, value]) => ({ name, value, line: 0 })));
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.value;
  }

  field(name: string): Deb822Field | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The value of a field that must be there and not be empty. */
  require(name: string): string {
    const value = this.get(name);
    if (value === undefined || value.trim() === '') {
      throw new DebianParseError('missing-field', `${value === undefined ? 'missing' : 'empty'} field ${name}`, {
        line: this.field(name)?.line ?? (this.line || undefined),
        field: name,
      });
    }
    return value;
  }
}

/** A folded field (Build-Depends, Binary in .dsc, Uploaders): its lines joined by single spaces. */
export function foldedValue(value: string): string {
  return value.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ');
}

/** A multiline list field (Files, Checksums-*): its non-empty lines, trimmed; the first line is usually empty. */
export function valueLines(value: string): string[] {
  return value.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** A whitespace-separated list field (Architecture, Binary in .changes, Closes). */
export function valueWords(value: string): string[] {
  return foldedValue(value).split(' ').filter((word) => word !== '');
}

/** A comma-separated list field (Binary in .dsc, Build-Depends, Installed-Build-Depends). */
export function valueCommaList(value: string): string[] {
  return foldedValue(value).split(',').map((item) => item.trim()).filter((item) => item !== '');
}
