import type { FileRef } from '@mbd/events';

/** A source version as it was installed: its .dsc and the files the .dsc lists, as blobs. */
export interface SourceFiles {
  readonly dsc: FileRef;
  readonly files: readonly FileRef[];
}

/** The .dsc among an install's files (the .dsc, its tarballs and the built .debs). */
export const dscOf = (installed: readonly FileRef[]): FileRef | undefined => installed.find((file) => file.name.endsWith('.dsc'));

/**
 * The source files of an install (pure): its .dsc and each file the .dsc lists (`listed`, by name).
 * Undefined when the install misses a file the .dsc lists.
 */
export function sourceFilesOf(installed: readonly FileRef[], dsc: FileRef, listed: readonly string[]): SourceFiles | undefined {
  const files = listed.map((name) => installed.find((file) => file.name === name));
  return files.every((file) => file !== undefined) ? { dsc, files: files as FileRef[] } : undefined;
}
