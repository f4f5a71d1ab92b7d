import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HEADERS_METADATA } from '@nestjs/common/constants.js';
import { parse } from 'cookie';
import type { Request } from 'express';
import { from, type Observable } from 'rxjs';
import { SESSION_COOKIE } from './session/page-session.js';

export interface PageCacheOptions {
  /** How long an anonymous page is served as it was rendered. */
  readonly ttlMs: number;
  /** At most this many pages are kept (the oldest go first). */
  readonly maxEntries: number;
  /** At most this many bytes of pages are kept. */
  readonly maxBytes: number;
  readonly now?: () => number;
}

export const PAGE_CACHE_DEFAULTS: PageCacheOptions = { ttlMs: 1000, maxEntries: 256, maxBytes: 32 * 1024 * 1024 };

interface Entry {
  readonly body: string;
  readonly expires: number;
}

const isHtmlPage = (handler: object): boolean =>
  ((Reflect.getMetadata(HEADERS_METADATA, handler) ?? []) as { name: string; value: string }[]).some(
    (header) => header.name.toLowerCase() === 'content-type' && header.value.startsWith('text/html'),
  );

/**
 * Anonymous views of the pages (GET, no session cookie, a handler that declares text/html) are
 * rendered at most once per URL and second: concurrent requests share one rendering, and the result
 * is served for `ttlMs`. A page is then at most a second behind the read models, and no anonymous
 * client can make mbd query and render a page more often than that, however often it asks.
 * Signed-in views (their forms carry the session's CSRF token) are rendered every time.
 */
@Injectable()
export class PageCache implements NestInterceptor {
  private readonly entries = new Map<string, Entry>();
  private readonly rendering = new Map<string, Promise<unknown>>();
  private bytes = 0;
  private readonly options: PageCacheOptions;
  private readonly now: () => number;

  constructor(options: PageCacheOptions = PAGE_CACHE_DEFAULTS) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.method !== 'GET' || !isHtmlPage(context.getHandler())) return next.handle();
    // Any session cookie at all (parsed as the session check parses it) is a signed-in view, never cached.
    if (request.headers.cookie && parse(request.headers.cookie)[SESSION_COOKIE] !== undefined) return next.handle();
    const key = request.originalUrl;
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) return from([entry.body]);
    let rendering = this.rendering.get(key);
    if (!rendering) {
      rendering = new Promise<unknown>((resolve, reject) => {
        let last: unknown;
        next.handle().subscribe({ next: (value) => (last = value), error: reject, complete: () => resolve(last) });
      })
        .then((body) => {
          if (typeof body === 'string') this.keep(key, body);
          return body;
        })
        .finally(() => this.rendering.delete(key));
      this.rendering.set(key, rendering);
    }
    return from(rendering);
  }

  private keep(key: string, body: string): void {
    this.drop(key);
    if (body.length > this.options.maxBytes) return;
    this.entries.set(key, { body, expires: this.now() + this.options.ttlMs });
    this.bytes += body.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries && this.bytes <= this.options.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.body.length;
    this.entries.delete(key);
  }
}
