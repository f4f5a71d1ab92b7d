import { type ClearsignedParts } from '../deb822/clearsigned.js';
import { type DebianInput } from '../deb822/decode-input.js';
import { type Deb822Paragraph, valueLines, valueWords } from '../deb822/deb822-paragraph.js';
import { architecturesField, fieldLocation, packageNamesField, sourceField, versionField } from '../deb822/field-values.js';
import { parseSingleParagraph } from '../deb822/parse-deb822.js';
import { DebianParseError } from '../errors.js';
import { type ListedFile, parseListedFiles } from '../files/listed-file.js';
import { printable } from '../printable.js';
import { type PackageName, parseDistribution } from '../names/package-name.js';
import { type DebianVersion } from '../version/debian-version.js';
import { type UploadArchitectures, uploadArchitectures } from './upload-kind.js';

/** A .changes file (deb-changes(5)): what an upload carries and says about itself. */
export interface Changes {
  readonly format: string;
  readonly date: string;
  readonly source: PackageName;
  /** The source version: `Source: name (version)` for binNMUs, otherwise Version. */
  readonly sourceVersion: DebianVersion;
  readonly binaries: readonly PackageName[];
  readonly architectures: readonly string[];
  readonly upload: UploadArchitectures;
  readonly version: DebianVersion;
  readonly distributions: readonly string[];
  readonly urgency: string;
  readonly maintainer: string;
  readonly changedBy: string | undefined;
  /** `binary - summary` lines. */
  readonly description: readonly string[];
  /** The Changes field as written: its lines joined by `\n`, the first one empty, ` .` lines as `.`. */
  readonly changes: string;
  readonly closes: readonly number[];
  readonly files: readonly ListedFile[];
  /** Present when the .changes was clearsigned (verifying it is libs/gpg's job). */
  readonly clearsigned: ClearsignedParts | undefined;
  /** Every field as written, for fields not modelled here. */
  readonly paragraph: Deb822Paragraph;
}

export interface ParseChangesOptions {
  /** Refuse larger input (default 1 MiB). */
  readonly maxBytes?: number;
  /** The file's name, for error messages. */
  readonly what?: string;
}

export function parseChanges(input: DebianInput, options: ParseChangesOptions = {}): Changes {
  const { paragraph, clearsigned } = parseSingleParagraph(input, { maxBytes: options.maxBytes, what: options.what ?? '.changes' });
  const format = paragraph.require('Format');
  if (!/^1\.\d+$/.test(format)) throw new DebianParseError('invalid-field', `unsupported .changes format '${format}'`, fieldLocation(paragraph, 'Format'));
  const source = sourceField(paragraph);
  const version = versionField(paragraph, 'Version');
  const architectures = architecturesField(paragraph);
  const upload = uploadArchitectures(architectures);
  const files = parseListedFiles(paragraph, 'Files', true);
  const dscs = files.filter((file) => file.name.endsWith('.dsc'));
  if (upload.source && dscs.length !== 1) {
    throw new DebianParseError('inconsistent-file-lists', `Architecture lists source, so Files must list exactly one .dsc (it lists ${dscs.length})`, fieldLocation(paragraph, 'Files'));
  }
  if (!upload.source && dscs.length > 0) {
    throw new DebianParseError('inconsistent-file-lists', `Files lists ${dscs[0]!.name}, but Architecture does not list source`, fieldLocation(paragraph, 'Files'));
  }
  return {
    format,
    date: paragraph.require('Date'),
    source: source.name,
    sourceVersion: source.version ?? version,
    binaries: packageNamesField(paragraph, 'Binary', valueWords),
    architectures,
    upload,
    version,
    distributions: valueWords(paragraph.require('Distribution')).map((name) => parseDistribution(name, fieldLocation(paragraph, 'Distribution'))),
    urgency: paragraph.require('Urgency'),
    maintainer: paragraph.require('Maintainer'),
    changedBy: paragraph.get('Changed-By'),
    description: valueLines(paragraph.get('Description') ?? ''),
    changes: paragraph.require('Changes'),
    closes: closesField(paragraph),
    files,
    clearsigned,
    paragraph,
  };
}

function closesField(paragraph: Deb822Paragraph): number[] {
  return valueWords(paragraph.get('Closes') ?? '').map((bug) => {
    if (!/^[0-9]{1,9}$/.test(bug)) throw new DebianParseError('invalid-field', `'${printable(bug, 20)}' is not a bug number`, fieldLocation(paragraph, 'Closes'));
    return Number(bug);
  });
}
