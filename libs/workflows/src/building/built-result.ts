import type { DebIdentity } from '@mbd/builder';

/** What a build was for: the upload's source and version. */
export interface BuildTarget {
  readonly source: string;
  readonly version: string;
}

/** What a finished build says it built: its .changes' Source and Version, and each binary package's control fields. */
export interface BuiltResult {
  readonly changesName: string;
  readonly source: string;
  readonly version: string;
  readonly packages: readonly { readonly file: string; readonly identity: DebIdentity }[];
}

/**
 * Why a build's result is not the upload's, or undefined when it is: the built .changes must name the
 * upload's source and version, and every .deb/.udeb must come from that source (its Source field, or
 * its name when that is absent) at that version. A result for something else is never installed.
 */
export function resultMismatch(target: BuildTarget, built: BuiltResult): string | undefined {
  const wanted = `${target.source} ${target.version}`;
  if (built.source !== target.source || built.version !== target.version)
    return `the build produced ${built.source} ${built.version} (${built.changesName}), not the upload's ${wanted}; nothing of it is installed`;
  const strangers = built.packages.filter(({ identity }) => identity.source !== target.source || identity.sourceVersion !== target.version);
  if (strangers.length > 0) {
    const named = strangers.map(({ file, identity }) => `${file} (source ${identity.source} ${identity.sourceVersion})`).join(', ');
    return `the build produced packages of another source than the upload's ${wanted}: ${named}; nothing of it is installed`;
  }
  return undefined;
}
