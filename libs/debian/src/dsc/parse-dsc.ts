import { type ClearsignedParts } from '../deb822/clearsigned.js';
import { type DebianInput } from '../deb822/decode-input.js';
import { type Deb822Paragraph, foldedValue, valueCommaList, valueLines } from '../deb822/deb822-paragraph.js';
import { architecturesField, fieldLocation, packageNamesField, sourceField, versionField } from '../deb822/field-values.js';
import { parseSingleParagraph } from '../deb822/parse-deb822.js';
import { DebianParseError } from '../errors.js';
import { type ListedFile, parseListedFiles } from '../files/listed-file.js';
import { type PackageName } from '../names/package-name.js';
import { type DebianVersion } from '../version/debian-version.js';

/** A source control file (dsc(5)). Relationship fields are lists of entries as written, one per comma. */
export interface Dsc {
  readonly format: string;
  readonly source: PackageName;
  readonly binaries: readonly PackageName[];
  readonly architectures: readonly string[];
  readonly version: DebianVersion;
  readonly maintainer: string;
  readonly uploaders: readonly string[];
  readonly standardsVersion: string | undefined;
  readonly homepage: string | undefined;
  readonly buildDepends: readonly string[];
  readonly buildDependsArch: readonly string[];
  readonly buildDependsIndep: readonly string[];
  readonly buildConflicts: readonly string[];
  readonly buildConflictsArch: readonly string[];
  readonly buildConflictsIndep: readonly string[];
  /** Package-List lines (`hello deb misc optional arch=any`). */
  readonly packageList: readonly string[];
  readonly files: readonly ListedFile[];
  readonly clearsigned: ClearsignedParts | undefined;
  readonly paragraph: Deb822Paragraph;
}

export function parseDsc(input: DebianInput, options: { maxBytes?: number; what?: string } = {}): Dsc {
  const { paragraph, clearsigned } = parseSingleParagraph(input, { maxBytes: options.maxBytes, what: options.what ?? '.dsc' });
  const format = paragraph.require('Format');
  if (!/^[0-9]+\.[0-9]+( \([a-z0-9]+\))?$/.test(format)) {
    throw new DebianParseError('invalid-field', `unsupported source format '${format.slice(0, 40)}'`, fieldLocation(paragraph, 'Format'));
  }
  const source = sourceField(paragraph);
  if (source.version !== undefined) throw new DebianParseError('invalid-field', 'a .dsc Source field has no version', fieldLocation(paragraph, 'Source'));
  const list = (field: string): string[] => valueCommaList(paragraph.get(field) ?? '');
  return {
    format,
    source: source.name,
    binaries: packageNamesField(paragraph, 'Binary', valueCommaList),
    architectures: architecturesField(paragraph),
    version: versionField(paragraph, 'Version'),
    maintainer: paragraph.require('Maintainer'),
    uploaders: foldedValue(paragraph.get('Uploaders') ?? '').split(/(?<=>)\s*,\s*/).filter((uploader) => uploader !== ''),
    standardsVersion: paragraph.get('Standards-Version'),
    homepage: paragraph.get('Homepage'),
    buildDepends: list('Build-Depends'),
    buildDependsArch: list('Build-Depends-Arch'),
    buildDependsIndep: list('Build-Depends-Indep'),
    buildConflicts: list('Build-Conflicts'),
    buildConflictsArch: list('Build-Conflicts-Arch'),
    buildConflictsIndep: list('Build-Conflicts-Indep'),
    packageList: valueLines(paragraph.get('Package-List') ?? ''),
    files: parseListedFiles(paragraph, 'Files', false),
    clearsigned,
    paragraph,
  };
}
