import { DebianParseError } from '../errors.js';

/** The OpenPGP armor of a clearsigned file (RFC 4880 §7), taken apart. */
export interface ClearsignedParts {
  /** The text exactly as signed: dash-escaping undone, without the line break before the signature. */
  readonly signedText: string;
  /** The armored signature block, `-----BEGIN PGP SIGNATURE-----` to `-----END PGP SIGNATURE-----\n`. */
  readonly signature: string;
  /** The digest algorithms named in `Hash:` armor headers, e.g. `['SHA256']`. */
  readonly hashAlgorithms: readonly string[];
  /** 0-based index of the line in the input on which the signed text starts. */
  readonly firstLine: number;
}

const BEGIN_SIGNED = '-----BEGIN PGP SIGNED MESSAGE-----';
const BEGIN_SIGNATURE = '-----BEGIN PGP SIGNATURE-----';
const END_SIGNATURE = '-----END PGP SIGNATURE-----';

/** True when the first non-empty line opens a clearsigned message. */
export function isClearsigned(lines: readonly string[]): boolean {
  const first = lines.findIndex((line) => line.trim() !== '');
  return first >= 0 && lines[first]!.trimEnd() === BEGIN_SIGNED;
}

/**
 * Splits the lines of a clearsigned file into the signed text and the signature. Checks the armor's
 * shape only; whether the signature is good is libs/gpg's job. Errors name the 1-based line.
 */
export function splitClearsigned(lines: readonly string[]): ClearsignedParts {
  const fail = (index: number, reason: string): never => {
    throw new DebianParseError('invalid-armor', reason, { line: index + 1 });
  };
  let i = lines.findIndex((line) => line.trim() !== '');
  if (i < 0 || lines[i]!.trimEnd() !== BEGIN_SIGNED) fail(Math.max(i, 0), `expected '${BEGIN_SIGNED}'`);
  i++;
  const hashAlgorithms: string[] = [];
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const header = /^([A-Za-z][A-Za-z-]*): ?(.*)$/.exec(lines[i]!);
    if (header === null) fail(i, 'armor header is not a "Name: value" line (is the empty line after the headers missing?)');
    if (header![1] === 'Hash') hashAlgorithms.push(...header![2]!.split(',').map((name) => name.trim()).filter((name) => name !== ''));
  }
  if (i >= lines.length) fail(i - 1, 'signed message ends inside its armor headers');
  i++;
  const firstLine = i;
  const body: string[] = [];
  for (; i < lines.length && lines[i]!.trimEnd() !== BEGIN_SIGNATURE; i++) {
    const line = lines[i]!;
    if (line.startsWith('- ')) body.push(line.slice(2));
    else if (line.startsWith('-')) fail(i, 'line starting with "-" in the signed text is not dash-escaped ("- ")');
    else body.push(line);
  }
  if (i >= lines.length) fail(lines.length - 1, `signed message has no '${BEGIN_SIGNATURE}'`);
  const signatureStart = i;
  for (i++; i < lines.length && lines[i]!.trimEnd() !== END_SIGNATURE; i++) {
    if (lines[i]!.startsWith('-----')) fail(i, `unexpected armor line inside the signature block`);
  }
  if (i >= lines.length) fail(lines.length - 1, `signature block is not terminated by '${END_SIGNATURE}'`);
  const signature = `${lines.slice(signatureStart, i + 1).map((line) => line.trimEnd()).join('\n')}\n`;
  for (let rest = i + 1; rest < lines.length; rest++) {
    if (lines[rest]!.trim() !== '') fail(rest, 'text after the end of the signature');
  }
  return { signedText: body.join('\n'), signature, hashAlgorithms, firstLine };
}
