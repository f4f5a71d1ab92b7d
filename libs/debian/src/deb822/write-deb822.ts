import { DebianParseError } from '../errors.js';
import { Deb822Paragraph } from './deb822-paragraph.js';

const FIELD_NAME = /^[!-9;-~]+$/;

/**
 * Writes paragraphs as deb822 text: `Name: value`, each further line of a value as a continuation
 * line (` line`), paragraphs separated by one empty line, ending in a newline. The inverse of
 * parseDeb822 for the values it returns. Refuses names and values that would not read back the same.
 */
export function writeDeb822(paragraphs: ReadonlyArray<Deb822Paragraph>): string {
  return paragraphs.map(writeParagraph).join('\n');
}

function writeParagraph(paragraph: Deb822Paragraph): string {
  let out = '';
  for (const { name, value } of paragraph.fields) {
    if (!FIELD_NAME.test(name) || name.startsWith('-') || name.startsWith('#')) {
      throw new DebianParseError('invalid-field', `'${name}' is not a valid field name`, { field: name });
    }
    const [first, ...rest] = value.split('\n');
    if (first !== first!.trim()) throw new DebianParseError('invalid-field', 'value has whitespace at its start or end', { field: name });
    for (const line of rest) {
      if (line.trim() === '') throw new DebianParseError('invalid-field', 'value has an empty continuation line; write "." for an empty line', { field: name });
    }
    out += `${name}:${first === '' ? '' : ` ${first}`}\n${rest.map((line) => ` ${line}\n`).join('')}`;
  }
  if (out === '') throw new DebianParseError('invalid-field', 'a paragraph must have at least one field');
  return out;
}
