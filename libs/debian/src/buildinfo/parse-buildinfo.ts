import { type ClearsignedParts } from '../deb822/clearsigned.js';
import { type DebianInput } from '../deb822/decode-input.js';
import { type Deb822Paragraph, valueCommaList, valueLines, valueWords } from '../deb822/deb822-paragraph.js';
import { architecturesField, fieldLocation, packageNamesField, parseVersionAt, sourceField, versionField } from '../deb822/field-values.js';
import { parseSingleParagraph } from '../deb822/parse-deb822.js';
import { DebianParseError } from '../errors.js';
import { type ListedFile, parseListedFiles } from '../files/listed-file.js';
import { parseArchitecture, parsePackageName, type PackageName } from '../names/package-name.js';
import { printable } from '../printable.js';
import { type DebianVersion } from '../version/debian-version.js';

/** One package of the build environment: `name[:arch] (= version)`. */
export interface InstalledBuildDepend {
  readonly package: PackageName;
  readonly architecture: string | undefined;
  readonly version: DebianVersion;
}

/** A build information file (deb-buildinfo(5)). */
export interface Buildinfo {
  readonly format: string;
  readonly source: PackageName;
  readonly sourceVersion: DebianVersion;
  readonly binaries: readonly PackageName[];
  readonly architectures: readonly string[];
  readonly version: DebianVersion;
  readonly files: readonly ListedFile[];
  readonly buildOrigin: string | undefined;
  readonly buildArchitecture: string;
  readonly buildDate: string | undefined;
  readonly buildPath: string | undefined;
  readonly buildTaintedBy: readonly string[];
  readonly installedBuildDepends: readonly InstalledBuildDepend[];
  /** Environment lines `NAME="value"`, unquoted. */
  readonly environment: Readonly<Record<string, string>>;
  readonly clearsigned: ClearsignedParts | undefined;
  readonly paragraph: Deb822Paragraph;
}

export function parseBuildinfo(input: DebianInput, options: { maxBytes?: number; what?: string } = {}): Buildinfo {
  const { paragraph, clearsigned } = parseSingleParagraph(input, { maxBytes: options.maxBytes, what: options.what ?? '.buildinfo' });
  const format = paragraph.require('Format');
  if (!/^1\.\d+$/.test(format)) throw new DebianParseError('invalid-field', `unsupported .buildinfo format '${printable(format, 40)}'`, fieldLocation(paragraph, 'Format'));
  const source = sourceField(paragraph);
  const version = versionField(paragraph, 'Version');
  return {
    format,
    source: source.name,
    sourceVersion: source.version ?? version,
    binaries: packageNamesField(paragraph, 'Binary', valueWords),
    architectures: architecturesField(paragraph),
    version,
    files: parseListedFiles(paragraph, 'Checksums-Md5', false),
    buildOrigin: paragraph.get('Build-Origin'),
    buildArchitecture: parseArchitecture(paragraph.require('Build-Architecture'), fieldLocation(paragraph, 'Build-Architecture')),
    buildDate: paragraph.get('Build-Date'),
    buildPath: paragraph.get('Build-Path'),
    buildTaintedBy: valueWords(paragraph.get('Build-Tainted-By') ?? ''),
    installedBuildDepends: valueCommaList(paragraph.get('Installed-Build-Depends') ?? '').map((entry) => installedBuildDepend(entry, paragraph)),
    environment: environmentField(paragraph),
    clearsigned,
    paragraph,
  };
}

function installedBuildDepend(entry: string, paragraph: Deb822Paragraph): InstalledBuildDepend {
  const where = fieldLocation(paragraph, 'Installed-Build-Depends');
  const match = /^([^\s:]+)(?::([^\s:]+))? \(= ([^\s()]+)\)$/.exec(entry);
  if (match === null) throw new DebianParseError('invalid-field', `expected "package (= version)", got '${printable(entry, 60)}'`, where);
  return {
    package: parsePackageName(match[1]!, where),
    architecture: match[2] === undefined ? undefined : parseArchitecture(match[2], where),
    version: parseVersionAt(match[3]!, where),
  };
}

function environmentField(paragraph: Deb822Paragraph): Record<string, string> {
  const environment: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const line of valueLines(paragraph.get('Environment') ?? '')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)="(.*)"$/.exec(line);
    if (match === null) throw new DebianParseError('invalid-field', `expected NAME="value", got '${printable(line, 60)}'`, fieldLocation(paragraph, 'Environment'));
    environment[match[1]!] = match[2]!.replace(/\\(.)/g, '$1');
  }
  return environment;
}
