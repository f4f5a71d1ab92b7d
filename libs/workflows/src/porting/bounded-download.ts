import { digesting } from '@mbd/builder';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface DownloadLimits {
  /** A file larger than this is refused (the incoming per-file limit). */
  readonly maxBytes: number;
  /** The whole download, redirects included, must finish within this time. */
  readonly timeoutMs: number;
  /** Redirects followed at most (to http or https only). */
  readonly maxRedirects?: number;
}

export interface Downloaded {
  readonly url: string;
  readonly size: number;
  readonly sha256: string;
}

/** A download that did not yield the file: a bad scheme, an HTTP error, too large, too slow. */
export class DownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

const isHttp = (url: URL): boolean => url.protocol === 'http:' || url.protocol === 'https:';

/** Parses `text` as an http(s) URL; a DownloadError naming what is wrong otherwise. */
export function httpUrl(text: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new DownloadError(`'${text.slice(0, 200)}' is not a URL`);
  }
  if (!isHttp(url)) throw new DownloadError(`${url.protocol} URLs are not fetched: only http and https`);
  if (url.username || url.password) throw new DownloadError('URLs with credentials are not fetched');
  return url;
}

/**
 * Downloads `url` into `target` with bounds: http(s) only, redirects followed by hand and only to
 * http(s), at most `maxBytes` (a larger Content-Length is refused before reading; a body that grows
 * beyond is cut off), within `timeoutMs`. Returns the final URL, size and SHA-256; removes a partial file.
 */
export async function boundedDownload(url: URL, target: string, limits: DownloadLimits): Promise<Downloaded> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await fetch(current, { redirect: 'manual', signal, headers: { 'user-agent': 'mbd port_ext' } });
      if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
        await response.body?.cancel();
        if (redirects >= (limits.maxRedirects ?? 5)) throw new DownloadError(`${url.href}: more than ${limits.maxRedirects ?? 5} redirects`);
        current = httpUrl(response.headers.get('location')!, current.href);
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new DownloadError(`${current.href}: HTTP ${response.status} ${response.statusText}`.trim());
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > limits.maxBytes) {
        await response.body.cancel();
        throw new DownloadError(`${current.href}: ${declared} bytes, more than the ${limits.maxBytes} allowed`);
      }
      const counted = digesting(limits.maxBytes, () => new DownloadError(`${current.href}: more than the ${limits.maxBytes} bytes allowed`));
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counted.stream, createWriteStream(target), { signal });
      return { url: current.href, ...counted.digest() };
    }
  } catch (error) {
    await rm(target, { force: true });
    if (error instanceof DownloadError) throw error;
    if (signal.aborted) throw new DownloadError(`${current.href}: not downloaded within ${Math.round(limits.timeoutMs / 1000)} s`, { cause: error });
    throw new DownloadError(`${current.href}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
