import type { Readable } from 'node:stream';
import { IncomingRefusedError } from '../errors.js';
import { checkIncomingFileName, quoteName } from '../store/incoming-file-name.js';
import { IncomingFileWriter } from '../store/incoming-file.writer.js';

export interface HttpUploadTarget {
  /** The HTTP drop directory. */
  readonly incomingDir: string;
  readonly maxFileBytes: number;
  /** The request's Content-Length when it sent one: a file announced too large is refused unread. */
  readonly declaredBytes?: number;
}

/**
 * `PUT /upload/<name>` (dput-ng's http method PUTs each file to `<incoming>/<filename>`): the same
 * rules as FTP STOR. `name` must be a plain Debian file name, the body is written to a partial file
 * and renamed into the drop when complete; over the size limit the transfer is aborted and nothing
 * stays behind. Resolves once the file is in place; throws IncomingRefusedError (invalid-file-name,
 * file-too-large) for the caller to map to 400/413. The per-upload limit is checked by the intake
 * (HTTP has no session). After a refusal the rest of the body is left unread: the caller answers
 * and closes the connection.
 */
export async function receiveHttpUpload(name: string, body: Readable, target: HttpUploadTarget): Promise<void> {
  checkIncomingFileName(name);
  const { incomingDir, maxFileBytes, declaredBytes } = target;
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

  const writer = await IncomingFileWriter.open(incomingDir, name, { maxFileBytes, maxUploadBytes: Infinity, remainingUploadBytes: Infinity });
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
