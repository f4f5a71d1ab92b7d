import { join } from 'node:path';

/**
 * One drop directory of incoming: complete files appear in `dir` (renamed into place when whole),
 * files being written live in `<dir>/.partial` as `<name>.<random>`. FTP and HTTP each have their own
 * drop so that the intake knows how an upload came in.
 */
export type UploadTransport = 'ftp' | 'http';

export interface IncomingDrop {
  readonly dir: string;
  readonly via: UploadTransport;
}

export const PARTIAL_DIR = '.partial';

export const partialDirOf = (dir: string): string => join(dir, PARTIAL_DIR);

/** The final name a partial file `<name>.<random>` will get. */
export const nameOfPartial = (partial: string): string => partial.slice(0, partial.lastIndexOf('.'));
