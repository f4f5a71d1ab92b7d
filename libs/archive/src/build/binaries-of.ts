import type { Binary, FileRef } from '@mbd/events';

const packageFile = /^([a-z0-9][a-z0-9+.-]+)_([^_]+)_([a-z0-9-]+)\.(?:deb|udeb)$/;

/**
 * The binary packages among built files, read from their names (`<package>_<version>_<arch>.deb`, as
 * dpkg-deb names them). File names carry no epoch: a version equal to the source's without its epoch
 * is the source version.
 */
export const binariesOf = (files: readonly FileRef[], sourceVersion: string): Binary[] => {
  const withoutEpoch = sourceVersion.replace(/^\d+:/, '');
  return files.flatMap((file) => {
    const match = packageFile.exec(file.name);
    if (!match) return [];
    const [, name = '', version = '', architecture = ''] = match;
    return [{ package: name, version: version === withoutEpoch ? sourceVersion : version, architecture }];
  });
};

/** A file of the source package (the .dsc and what it lists), not one a build made (.deb, .udeb, .ddeb, .buildinfo, .changes). */
export const isSourceFile = (file: FileRef): boolean => !/\.(?:deb|udeb|ddeb|buildinfo|changes)$/.test(file.name);
