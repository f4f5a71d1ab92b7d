import { parseVersion, versionWithoutEpoch } from '@mbd/debian';

/** The pool directory of a source below a component, as reprepro lays it out: `lib` sources by their first four letters, others by the first. */
export const poolDirectoryOf = (source: string): string => `${source.startsWith('lib') ? source.slice(0, 4) : source.slice(0, 1)}/${source}`;

/** The .dsc of a source version (`<source>_<version without epoch>.dsc`). */
export const dscNameOf = (source: string, version: string): string => `${source}_${versionWithoutEpoch(parseVersion(version))}.dsc`;

/** The path of a source version's .dsc below a repository's tree (`pool/<component>/<prefix>/<source>/<source>_<version>.dsc`). */
export const dscPoolPathOf = (component: string, source: string, version: string): string => `pool/${component}/${poolDirectoryOf(source)}/${dscNameOf(source, version)}`;

/** The URL path under which the daemon serves it. */
export const dscUrlOf = (repository: string, component: string, source: string, version: string): string =>
  `/repositories/${repository}/${dscPoolPathOf(component, source, version)}`;
