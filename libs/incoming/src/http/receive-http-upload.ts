import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { isDebianParseError, parseChanges } from '@mbd/debian';
import { IncomingRefusedError } from '../errors.js';
import { checkIncomingFileName, quoteName } from '../store/incoming-file-name.js';
import { IncomingFileWriter } from '../store/incoming-file.writer.js';
import type { IncomingQuota } from '../store/incoming-quota.js';

export interface HttpUploadTarget {
  /** The HTTP drop directory. */
  readonly incomingDir: string;
  readonly maxFileBytes: number;
  /** Largest upload: a .changes listing more (itself included) is refused. */
  readonly maxUploadBytes: number;
  /** The global incoming quota, shared with FTP. */
  readonly quota: IncomingQuota;
  /** The request's Content-Length when it sent one: a file announced too large is refused unread. */
  readonly declaredBytes?: number;
}

/**
 * A .changes arrives last (dput-ng PUTs it after its files): before it goes into the drop, the sizes
 * it lists are held against the per-upload limit, so the uploader gets the refusal as the answer.
 * An unparseable .changes goes through: the intake rejects it with the parser's reason.
 */
const checkUploadSize =
  (name: string, maxUploadBytes: number) =>
  async (partialPath: string): Promise<void> => {
    const bytes = await readFile(partialPath);
    let listed: number;
    try {
      listed = parseChanges(bytes, { what: name }).files.reduce((sum, file) => sum + file.size, 0);
    } catch (error) {
      if (isDebianParseError(error)) return;
      throw error;
    }
    const total = listed + bytes.length;
    if (total > maxUploadBytes) {
      throw new IncomingRefusedError(
        'upload-too-large',
        `${quoteName(name)} lists an upload of ${total} bytes (itself included), over the limit of ${maxUploadBytes} bytes per upload; it was not taken in`,
      );
    }
  };

/**
 * `PUT /upload/<name>` (dput-ng's http method PUTs each file to `<incoming>/<filename>`): the same
 * rules as FTP STOR. `name` must be a plain Debian file name, the body is written to a partial file
 * and renamed into the drop when complete; over the per-file limit or the global incoming quota the
 * transfer is refused (before reading the body when its Content-Length says so) or aborted, and
 * nothing stays behind. A .changes listing more than the per-upload limit is refused too. Resolves
 * once the file is in place; throws IncomingRefusedError (invalid-file-name, file-too-large,
 * upload-too-large, incoming-full: its `httpStatus` is 400, 413 or 507). After a refusal the rest of
 * the body is left unread: the caller answers and closes the connection.
 */
export async function receiveHttpUpload(name: string, body: Readable, target: HttpUploadTarget): Promise<void> {
  checkIncomingFileName(name);
  const { incomingDir, maxFileBytes, maxUploadBytes, quota, declaredBytes } = target;
  if (declaredBytes !== undefined && declaredBytes > maxFileBytes) {
    throw new IncomingRefusedError('file-too-large', `${quoteName(name)} (${declaredBytes} bytes) is larger than the limit of ${maxFileBytes} bytes per file`);
  }
  // Listen for a broken-off body before the first await: the client may go away while the file opens.
  let broken: Error | undefined;
  const breakOff = (error: Error): void => {
    broken ??= error;
    onBroken?.(error);
  };
  let onBroken: ((error: Error) => void) | undefined;
  body.once('error', breakOff);
  body.once('close', () => {
    if (!body.readableEnded) breakOff(new Error(`the upload of ${quoteName(name)} was aborted before its end`));
  });

  const writer = await IncomingFileWriter.open(incomingDir, name, {
    maxFileBytes,
    maxUploadBytes,
    remainingUploadBytes: maxUploadBytes,
    quota,
    announcedBytes: declaredBytes,
    beforeCommit: name.endsWith('.changes') ? checkUploadSize(name, maxUploadBytes) : undefined,
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => {
      body.unpipe(writer);
      body.pause();
      writer.destroy();
      reject(error);
    };
    if (broken) return fail(broken);
    onBroken = fail;
    writer.once('error', fail);
    writer.once('finish', () => resolve());
    body.pipe(writer);
  });
}
