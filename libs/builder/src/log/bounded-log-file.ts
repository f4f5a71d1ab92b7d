import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** How the log bound is named in messages (the setting that raises it). */
export const BUILD_LOG_LIMIT_SETTING = 'MBD_BUILD_LOG_MAX_BYTES';

export interface BoundedLogFileOptions {
  /** Most bytes the file holds, marker line aside. */
  readonly maxBytes: number;
  /** Bytes kept for the log's end when it is over the bound (default a quarter of maxBytes, at most 1 MiB). */
  readonly tailBytes?: number;
}

const bytesOf = (line: string): number => Buffer.byteLength(line) + 1;

/**
 * A build log written to a file as it comes, with a size bound. Up to the bound less a tail budget the
 * lines go to the file at once; beyond it they are dropped, except the last ones (sbuild's summary is
 * at the end), which are kept in memory within the tail budget and written after a marker line when
 * the log is closed. So the file never holds much more than `maxBytes`, memory never more than the
 * tail, and a person reading the log sees its beginning, where it was cut, and its end.
 */
export class BoundedLogFile {
  private readonly headBytes: number;
  private readonly tailBytes: number;
  private readonly tail: string[] = [];
  private tailSize = 0;
  private written = 0;
  private droppedBytes = 0;
  private droppedLines = 0;
  private truncated = false;
  private failure: Error | undefined;

  private constructor(
    readonly path: string,
    readonly maxBytes: number,
    private readonly file: WriteStream,
    tailBytes: number | undefined,
  ) {
    this.tailBytes = Math.max(1, Math.min(tailBytes ?? Math.min(1024 * 1024, Math.floor(maxBytes / 4)), maxBytes - 1));
    this.headBytes = maxBytes - this.tailBytes;
    file.on('error', (error) => {
      this.failure = error;
    });
  }

  static async open(path: string, options: BoundedLogFileOptions): Promise<BoundedLogFile> {
    const file = createWriteStream(path, { flags: 'w', mode: 0o644 });
    await once(file, 'open');
    return new BoundedLogFile(path, options.maxBytes, file, options.tailBytes);
  }

  /** Whether lines have been left out. */
  get isTruncated(): boolean {
    return this.truncated;
  }

  /**
   * Writes a line (waiting while the disk is behind) and says what a live view should show for it: the
   * line itself, nothing (it is held for the tail or dropped), or, for the first line over the bound,
   * a notice that lines are left out from here.
   */
  async write(line: string): Promise<string[]> {
    if (this.failure) throw this.failure;
    const size = bytesOf(line);
    if (!this.truncated && this.written + size <= this.headBytes) {
      this.written += size;
      if (!this.file.write(`${line}\n`)) await once(this.file, 'drain');
      return [line];
    }
    const first = !this.truncated;
    this.truncated = true;
    this.holdForTail(line, size);
    return first
      ? [`[mbd] the build log is over its bound of ${this.maxBytes} bytes (${BUILD_LOG_LIMIT_SETTING}): lines are left out from here, the last ones follow at its end`]
      : [];
  }

  /** Writes the marker and the kept tail when lines were left out, closes the file, and returns what a live view should show last. */
  async close(): Promise<string[]> {
    const ending = this.truncated
      ? [
          `[mbd] build log truncated: ${this.droppedBytes} bytes in ${this.droppedLines} lines left out here (bound ${this.maxBytes} bytes, ${BUILD_LOG_LIMIT_SETTING})`,
          ...this.tail,
        ]
      : [];
    if (!this.failure) for (const line of ending) if (!this.file.write(`${line}\n`)) await once(this.file, 'drain');
    const closed = once(this.file, 'close');
    this.file.end();
    await closed;
    if (this.failure) throw this.failure;
    return ending;
  }

  private holdForTail(line: string, size: number): void {
    const kept = size > this.tailBytes ? line.slice(0, Math.max(0, this.tailBytes - 64)) : line;
    const keptSize = bytesOf(kept);
    this.droppedBytes += size - keptSize;
    this.tail.push(kept);
    this.tailSize += keptSize;
    while (this.tailSize > this.tailBytes && this.tail.length > 0) {
      const dropped = this.tail.shift() as string;
      this.tailSize -= bytesOf(dropped);
      this.droppedBytes += bytesOf(dropped);
      this.droppedLines += 1;
    }
  }
}
