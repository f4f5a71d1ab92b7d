import type { IncomingMessage, ServerResponse } from 'node:http';
import { open, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream';
import { parseDeliveryPath } from '../repositories/repository-delivery.middleware.js';

const PREFIX = '/repositories/';
/** Files up to this size are kept in memory between requests (validated by one stat each time). */
const CACHED_FILE_MAX_BYTES = 1024 * 1024;
/** The most bytes the cache holds; the least recently served files go first. */
const CACHE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The types serve-static (mime-types) gives the files of a reprepro tree, by extension; Release,
 * InRelease, Packages, Sources and Contents-* have none. A file with another extension is left to
 * the full delivery, which answers it as before.
 */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '': 'application/octet-stream',
  '.deb': 'application/x-debian-package',
  '.udeb': 'application/x-debian-package',
  '.dsc': 'text/prs.lines.tag; charset=utf-8',
  '.gz': 'application/gzip',
  '.xz': 'application/x-xz',
  '.bz2': 'application/x-bzip2',
  '.tar': 'application/x-tar',
  '.asc': 'application/pgp-keys',
  '.gpg': 'application/octet-stream',
  '.changes': 'application/octet-stream',
  '.buildinfo': 'application/octet-stream',
  '.diff': 'application/octet-stream',
  '.zst': 'application/octet-stream',
  '.lzma': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** What serve-static's ETag says of a file (etag's stat form): size and mtime in ms, weak. */
export const etagOf = (file: { readonly size: number; readonly mtime: Date }): string => `W/"${file.size.toString(16)}-${file.mtime.getTime().toString(16)}"`;

/** Whether `If-None-Match` names `etag` (weak comparison, `*`, a list). */
export function noneMatchHits(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

interface CachedFile {
  /** Which version of the file the bytes are: a file replaced (reprepro renames) or rewritten gets another. */
  readonly version: string;
  readonly etag: string;
  readonly bytes: Buffer;
}

const versionOf = (file: { readonly ino: number; readonly size: number; readonly mtimeMs: number; readonly ctimeMs: number }): string =>
  `${file.ino}:${file.size}:${file.mtimeMs}:${file.ctimeMs}`;

/**
 * The fast path of the repository delivery: a GET or HEAD of a file of a live tree
 * (`/repositories/<id>/dists|pool/…` at the head, which anyone may read) answered straight from the
 * HTTP server's request event, before the Nest/express stack: the path checked by the delivery's own
 * parseDeliveryPath (one decoding; `.`/`..`, `%` left, control characters refused; only dists/ and
 * pool/), one stat, ETag from the stat, `If-None-Match` → 304, HEAD, small files from a bounded
 * in-memory copy checked against that stat, larger ones streamed from the descriptor they were
 * stat'ed by. Resolves false, having written nothing, for everything else — time travel, snapshots,
 * snippets, pages, refusals, dotfiles, a missing file (a snapshot's pool may have it), Range and the
 * other preconditions, an unknown extension — which the full delivery then answers as before.
 * No Last-Modified, as the full delivery (see repositoryDelivery): If-Modified-Since never gives a 304.
 */
export function liveTreeFiles(root: string): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  const cache = new Map<string, CachedFile>();
  let cachedBytes = 0;
  const remember = (path: string, file: CachedFile) => {
    const old = cache.get(path);
    if (old) {
      cache.delete(path);
      cachedBytes -= old.bytes.length;
    }
    cache.set(path, file);
    cachedBytes += file.bytes.length;
    for (const [oldest, entry] of cache) {
      if (cachedBytes <= CACHE_MAX_BYTES) break;
      cache.delete(oldest);
      cachedBytes -= entry.bytes.length;
    }
  };

  /** Writes the status and headers (a 304, or a HEAD, is complete with them); whether the body is to follow. */
  const bodyFollows = (request: IncomingMessage, response: ServerResponse, etag: string, type: string, size: number): boolean => {
    const headers = { 'Accept-Ranges': 'bytes', 'Cache-Control': 'public, max-age=0', ETag: etag };
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch !== undefined && !/no-cache/.test(request.headers['cache-control'] ?? '') && noneMatchHits(ifNoneMatch, etag)) {
      response.writeHead(304, headers).end();
      return false;
    }
    response.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': size });
    if (request.method === 'HEAD') {
      response.end();
      return false;
    }
    return true;
  };

  return async (request, response) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !request.url?.startsWith(PREFIX)) return false;
    const headers = request.headers;
    if (headers.range !== undefined || headers['if-match'] !== undefined || headers['if-unmodified-since'] !== undefined || headers['if-range'] !== undefined) return false;
    const query = request.url.indexOf('?');
    const parsed = parseDeliveryPath(request.url.slice(PREFIX.length - 1, query === -1 ? undefined : query));
    if (parsed.kind !== 'tree' || parsed.at !== undefined || parsed.segments.some((segment) => segment.startsWith('.'))) return false;
    const type = CONTENT_TYPES[extname(parsed.segments.at(-1)!)];
    if (type === undefined) return false;
    const path = join(root, parsed.repository, ...parsed.segments);

    const seen = await stat(path).catch(() => undefined);
    if (!seen?.isFile()) return false;
    const cached = cache.get(path);
    if (cached && cached.version === versionOf(seen)) {
      remember(path, cached);
      if (bodyFollows(request, response, cached.etag, type, cached.bytes.length)) response.end(cached.bytes);
      return true;
    }
    // Not in memory: read the file by one descriptor, so its length and ETag are those of the bytes sent.
    const handle = await open(path, 'r').catch(() => undefined);
    if (!handle) return false;
    let file;
    try {
      file = await handle.stat();
    } catch {
      await handle.close();
      return false;
    }
    if (!file.isFile()) {
      await handle.close();
      return false;
    }
    const etag = etagOf(file);
    if (file.size <= CACHED_FILE_MAX_BYTES) {
      let bytes: Buffer;
      try {
        bytes = await handle.readFile();
      } catch {
        return false;
      } finally {
        await handle.close();
      }
      if (bytes.length === file.size) remember(path, { version: versionOf(file), etag, bytes });
      if (bodyFollows(request, response, etag, type, bytes.length)) response.end(bytes);
      return true;
    }
    if (!bodyFollows(request, response, etag, type, file.size)) {
      await handle.close();
      return true;
    }
    pipeline(handle.createReadStream({ start: 0, end: file.size - 1 }), response, () => undefined);
    return true;
  };
}
