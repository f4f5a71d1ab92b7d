import { DebianParseError } from '../errors.js';
import { findControlCharacter, printable } from '../printable.js';
import { type ClearsignedParts, isClearsigned, splitClearsigned } from './clearsigned.js';
import { type DebianInput, decodeInput, DEFAULT_MAX_BYTES } from './decode-input.js';
import { type Deb822Field, Deb822Paragraph } from './deb822-paragraph.js';

export interface Deb822Options {
  /** Refuse input above this many bytes (default 1 MiB). */
  readonly maxBytes?: number;
  /** Allow `#` comment lines (debian/control allows them; .changes and .dsc do not). Default false. */
  readonly allowComments?: boolean;
  /** What the input is, for error messages ("hello_1.0_amd64.changes"). */
  readonly what?: string;
}

/** A parsed deb822 document, with the signature taken off if it was clearsigned. */
export interface Deb822Document {
  readonly paragraphs: readonly Deb822Paragraph[];
  /** Present when the input was clearsigned. */
  readonly clearsigned: ClearsignedParts | undefined;
}

/** Field names: printable US-ASCII except space and colon, not starting with `#` or `-` (deb822(5)). */
const FIELD_NAME = /^[!-9;-~]+$/;

/**
 * Parses deb822 text (deb822(5)): paragraphs separated by empty lines, `Name: value` fields with
 * continuation lines, optional comments, and an optional clearsigned armor around it all. Throws
 * DebianParseError naming the 1-based line and what is wrong.
 */
export function parseDeb822(input: DebianInput, options: Deb822Options = {}): Deb822Document {
  const text = decodeInput(input, options.maxBytes ?? DEFAULT_MAX_BYTES, options.what);
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.at(-1) === '') lines.pop();
  const clearsigned = isClearsigned(lines) ? splitClearsigned(lines) : undefined;
  const body = clearsigned === undefined ? lines : clearsigned.signedText.split('\n');
  const offset = clearsigned?.firstLine ?? 0;
  return { paragraphs: parseParagraphs(body, offset, options.allowComments ?? false), clearsigned };
}

function parseParagraphs(lines: readonly string[], offset: number, allowComments: boolean): Deb822Paragraph[] {
  const paragraphs: Deb822Paragraph[] = [];
  let fields: Deb822Field[] = [];
  let current: { name: string; lines: string[]; line: number } | undefined;
  const closeField = (): void => {
    if (current !== undefined) fields.push({ name: current.name, value: current.lines.join('\n'), line: current.line });
    current = undefined;
  };
  const closeParagraph = (): void => {
    closeField();
    if (fields.length > 0) paragraphs.push(new Deb822Paragraph(fields, fields[0]!.line));
    fields = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNumber = offset + i + 1;
    const fail = (reason: string): never => {
      throw new DebianParseError('invalid-deb822', reason, { line: lineNumber, field: current?.name });
    };
    const control = findControlCharacter(line);
    if (control >= 0) fail(`control character ${printable(line[control]!)} in column ${control + 1}`);
    if (line.trim() === '') {
      closeParagraph();
    } else if (line.startsWith('#')) {
      if (!allowComments) fail('comment lines are not allowed here');
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current === undefined) fail('continuation line outside a field');
      current!.lines.push(line.slice(1));
    } else {
      closeField();
      if (line.startsWith('-----')) fail('OpenPGP armor line where a field was expected (clearsigned text must start with the armor)');
      const colon = line.indexOf(':');
      if (colon < 0) fail(`'${printable(line, 40)}' is neither a "Name: value" field nor a continuation line`);
      const name = line.slice(0, colon);
      if (!FIELD_NAME.test(name) || name.startsWith('-')) fail(`'${printable(name, 40)}' is not a valid field name`);
      current = { name, lines: [line.slice(colon + 1).trim()], line: lineNumber };
    }
  }
  closeParagraph();
  return paragraphs;
}

/** Parses a file that is one paragraph (.changes, .dsc, .buildinfo), refusing none or several. */
export function parseSingleParagraph(input: DebianInput, options: Deb822Options = {}): { paragraph: Deb822Paragraph; clearsigned: ClearsignedParts | undefined } {
  const { paragraphs, clearsigned } = parseDeb822(input, options);
  const what = options.what ?? 'input';
  if (paragraphs.length === 0) throw new DebianParseError('invalid-deb822', `${what} has no fields`);
  if (paragraphs.length > 1) {
    throw new DebianParseError('invalid-deb822', `${what} must be one paragraph, a second one starts here`, { line: paragraphs[1]!.line });
  }
  return { paragraph: paragraphs[0]!, clearsigned };
}
