import type { Refusal } from '@mbd/archive';
import { checkFiles, digestsOf, parseDsc, versionWithoutEpoch, type Dsc } from '@mbd/debian';
import { isSignatureError, verifyClearsigned, type Keyring } from '@mbd/gpg';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { boundedDownload, DownloadError, httpUrl, type DownloadLimits } from './bounded-download.js';

/** A .dsc file name: `<source>_<version>.dsc`, the version without its epoch. */
const DSC_NAME = /^([a-z0-9][a-z0-9+.-]+)_([^/_]+)\.dsc$/;
/** The .dsc itself is small: a larger one is no source control file. */
const MAX_DSC_BYTES = 1024 * 1024;

/** What port_ext can say about a .dsc URL before downloading it: the source and version its name gives. */
export interface ExternalDscName {
  readonly url: URL;
  readonly source: string;
  readonly version: string;
}

/** A .dsc URL's source and version from its file name, or undefined when it does not name a .dsc. */
export function externalDscName(text: string): ExternalDscName | undefined {
  let url: URL;
  try {
    url = httpUrl(text);
  } catch {
    return undefined;
  }
  // A query or fragment may carry a token: it would be recorded in events, the changelog and logs.
  if (url.search !== '' || url.hash !== '') return undefined;
  let last: string;
  try {
    last = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
  } catch {
    return undefined; // a malformed %-escape
  }
  const match = DSC_NAME.exec(last);
  return match ? { url, source: match[1]!, version: match[2]! } : undefined;
}

export interface FetchedDsc {
  readonly dsc: Dsc;
  /** The .dsc first, then the files it lists, each downloaded into the work directory. */
  readonly files: readonly { readonly name: string; readonly path: string }[];
  /** Fingerprint of the key that signed the .dsc; undefined when unsigned and allowed. */
  readonly signedBy: string | undefined;
}

/** Why a .dsc could not be taken; `refusal` is what the port's ArchiveCommandRefused records. */
export class ExternalDscProblem extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'ExternalDscProblem';
  }
}

const problem = (reason: Refusal['reason'], message: string): ExternalDscProblem => new ExternalDscProblem({ reason, message });

/**
 * Downloads an external .dsc and the files it lists (beside it, relative to its URL) into `work` with
 * the bounds given, checks its signature against `keyring` unless `allowUnauthenticated`, and checks
 * every file's size and checksums against the .dsc. Throws ExternalDscProblem with the reason.
 */
export async function fetchExternalDsc(
  name: ExternalDscName,
  work: string,
  options: { readonly keyring: Keyring; readonly allowUnauthenticated: boolean; readonly limits: DownloadLimits; readonly maxTotalBytes: number },
): Promise<FetchedDsc> {
  const fileName = `${name.source}_${name.version}.dsc`;
  // One time limit for the whole port_ext: each download gets what is left of it.
  const deadline = Date.now() + options.limits.timeoutMs;
  const download = async (url: URL, target: string, maxBytes: number) => {
    try {
      const timeoutMs = deadline - Date.now();
      if (timeoutMs <= 0) throw new DownloadError(`${url.href}: the .dsc and its files were not downloaded within ${Math.round(options.limits.timeoutMs / 1000)} s`);
      return await boundedDownload(url, target, { ...options.limits, maxBytes, timeoutMs });
    } catch (error) {
      if (error instanceof DownloadError) throw problem('dsc-unreachable', error.message);
      throw error;
    }
  };
  const dscPath = join(work, fileName);
  await download(name.url, dscPath, Math.min(MAX_DSC_BYTES, options.limits.maxBytes));
  const text = await readFile(dscPath, 'utf8');
  let dsc: Dsc;
  try {
    dsc = parseDsc(text, { what: fileName, maxBytes: MAX_DSC_BYTES });
  } catch (error) {
    throw problem('dsc-invalid', `${fileName}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (dsc.source !== name.source || versionWithoutEpoch(dsc.version) !== name.version) {
    throw problem('dsc-invalid', `${fileName} describes ${dsc.source} ${versionWithoutEpoch(dsc.version)}, not what its name says`);
  }
  let signedBy: string | undefined;
  try {
    signedBy = (await verifyClearsigned(text, options.keyring, { source: fileName })).fingerprint;
  } catch (error) {
    if (!isSignatureError(error)) throw error;
    if (!options.allowUnauthenticated) throw problem('signature-invalid', `${error.message} (port_ext takes a .dsc signed by an uploader of the repository, or allowUnauthenticated)`);
  }
  let total = 0;
  const files = [{ name: fileName, path: dscPath }];
  for (const listed of dsc.files) {
    const path = join(work, listed.name);
    if (listed.size > options.limits.maxBytes) throw problem('dsc-unreachable', `${listed.name}: ${listed.size} bytes listed, more than the ${options.limits.maxBytes} allowed`);
    total += listed.size;
    if (total > options.maxTotalBytes) throw problem('dsc-unreachable', `${fileName}: its files exceed the ${options.maxTotalBytes} bytes an upload may have`);
    await download(httpUrl(encodeURIComponent(listed.name), name.url.href), path, listed.size);
    files.push({ name: listed.name, path });
  }
  const problems = await checkFiles(dsc, async (listedName) => digestsOf(await readFile(join(work, listedName))));
  if (problems.length > 0) throw problem('checksum-mismatch', problems.map((entry) => entry.message).join('; '));
  return { dsc, files, signedBy };
}
