import { Header, Sse, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { lastValueFrom, Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.interceptor.js';

class Pages {
  @Header('content-type', 'text/html; charset=utf-8')
  page(): void {}

  @Sse('stream')
  stream(): void {}

  json(): void {}
}

const contextOf = (handler: () => void, url: string, options: { method?: string; cookie?: string } = {}) =>
  ({
    switchToHttp: () => ({ getRequest: () => ({ method: options.method ?? 'GET', originalUrl: url, headers: options.cookie ? { cookie: options.cookie } : {} }) }),
    getHandler: () => handler,
  }) as unknown as ExecutionContext;

/** A handler that renders `body` (counting its renderings), after `delayMs`. */
function renderer(body: (n: number) => string, delayMs = 0): CallHandler & { renderings: number } {
  const handler = {
    renderings: 0,
    handle: () =>
      new Observable<string>((subscriber) => {
        handler.renderings += 1;
        const n = handler.renderings;
        setTimeout(() => {
          subscriber.next(body(n));
          subscriber.complete();
        }, delayMs);
      }),
  };
  return handler;
}

const page = Pages.prototype.page;
const ask = (cache: PageCache, handler: CallHandler, url = '/packages/hello', options = {}) => lastValueFrom(cache.intercept(contextOf(page, url, options), handler));

describe('PageCache', () => {
  it('renders an anonymous page once per URL for concurrent requests and serves it for the TTL, then renders anew', async () => {
    let now = 0;
    const cache = new PageCache({ ttlMs: 1000, maxEntries: 10, maxBytes: 1 << 20, now: () => now });
    const handler = renderer((n) => `<p>render ${n}</p>`, 5);
    const answers = await Promise.all([ask(cache, handler), ask(cache, handler), ask(cache, handler)]);
    expect(answers).toEqual(['<p>render 1</p>', '<p>render 1</p>', '<p>render 1</p>']);
    now = 999;
    expect(await ask(cache, handler)).toBe('<p>render 1</p>');
    expect(await ask(cache, handler, '/packages/other')).toBe('<p>render 2</p>');
    now = 1001;
    expect(await ask(cache, handler)).toBe('<p>render 3</p>');
    expect(handler.renderings).toBe(3);
  });

  it('renders every time for a signed-in viewer, for a POST, for an event stream and for a non-HTML answer', async () => {
    const cache = new PageCache({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1 << 20 });
    const handler = renderer((n) => `r${n}`);
    await ask(cache, handler, '/', { cookie: 'mbd_session=abc.def' });
    await ask(cache, handler, '/', { cookie: 'mbd_session=abc.def' });
    await ask(cache, handler, '/', { cookie: 'other=1; mbd_session =abc.def' });
    await ask(cache, handler, '/', { method: 'POST' });
    await lastValueFrom(cache.intercept(contextOf(Pages.prototype.stream, '/audit/stream'), handler));
    await lastValueFrom(cache.intercept(contextOf(Pages.prototype.stream, '/audit/stream'), handler));
    await lastValueFrom(cache.intercept(contextOf(Pages.prototype.json, '/api/status'), handler));
    expect(handler.renderings).toBe(7);
  });

  it('keeps no failure: every waiting request gets the error, and the next one renders again', async () => {
    const cache = new PageCache({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1 << 20 });
    let fail = true;
    const handler = {
      renderings: 0,
      handle: () =>
        new Observable<string>((subscriber) => {
          handler.renderings += 1;
          setTimeout(() => (fail ? subscriber.error(new Error('no such package')) : (subscriber.next('ok'), subscriber.complete())), 5);
        }),
    };
    const answers = await Promise.allSettled([ask(cache, handler), ask(cache, handler)]);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await ask(cache, handler)).toBe('ok');
    expect(handler.renderings).toBe(2);
  });

  it('keeps at most maxEntries pages and maxBytes bytes, the oldest going first', async () => {
    const cache = new PageCache({ ttlMs: 60_000, maxEntries: 2, maxBytes: 25 });
    const handler = renderer((n) => `page ${n} `.padEnd(10, '.'));
    await ask(cache, handler, '/a');
    await ask(cache, handler, '/b');
    await ask(cache, handler, '/c');
    expect(await ask(cache, handler, '/b')).toBe('page 2 ...');
    expect(await ask(cache, handler, '/a')).toBe('page 4 ...');
    expect(handler.renderings).toBe(4);
  });
});
