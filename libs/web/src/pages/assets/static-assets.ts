import type { NextFunction, Request, Response } from 'express';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const own = (name: string) => fileURLToPath(new URL(`../../../assets/${name}`, import.meta.url));

/**
 * The pages' stylesheets and scripts, every one served by mbd itself (the machines that run it are
 * often offline: no CDN): Pico CSS, htmx with its SSE extension, and mbd's own few lines.
 */
export const STATIC_ASSETS: Readonly<Record<string, string>> = {
  'pico.min.css': require.resolve('@picocss/pico/css/pico.min.css'),
  'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  'htmx-sse.js': require.resolve('htmx-ext-sse/dist/sse.min.js'),
  'mbd.css': own('mbd.css'),
  'mbd.js': own('mbd.js'),
};

/** `GET /static/<name>` for the names above only (no paths, no directory walks), cached for a day. */
export function staticAssets() {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const file = STATIC_ASSETS[request.path.slice(1)];
    if (!file || !Object.hasOwn(STATIC_ASSETS, request.path.slice(1))) return void response.status(404).json({ statusCode: 404, message: `no asset ${request.path}` });
    response.sendFile(file, { maxAge: '1d', dotfiles: 'deny' }, (error) => {
      if (error && !response.headersSent) next(error);
    });
  };
}
