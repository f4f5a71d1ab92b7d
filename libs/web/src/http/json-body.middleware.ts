import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** A route whose JSON body may be larger than the API's limit, once the caller is known. */
export interface LargeJsonRoute {
  readonly method: string;
  readonly path: string;
  readonly limit: number;
  /** Named in the 413 message. */
  readonly setting: string;
  /** Checked before a byte of the body is read; a caller it refuses gets 401. */
  readonly authorized: (request: Request) => boolean;
}

export interface JsonBodyOptions {
  /** Bytes; a larger JSON body is answered 413. */
  readonly limit: number;
  /** Named in the 413 message, so an operator knows what to raise. */
  readonly setting: string;
  readonly large?: readonly LargeJsonRoute[];
  /** Path prefixes whose bodies their handlers stream (HTTP uploads): never read here. */
  readonly streamed?: readonly string[];
}

/**
 * Parses JSON bodies (application/json) with a small limit, answered 413 with a message naming the
 * setting. Streamed upload routes are passed through unread; a large-JSON route (admin installs carry
 * files base64-encoded) is read with its own limit only after its `authorized` check.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  const parser = (limit: number) => express.json({ limit, type: ['application/json', 'application/*+json'] });
  const small = parser(options.limit);
  const large = (options.large ?? []).map((route) => ({ ...route, parse: parser(route.limit) }));
  const answer = (response: Response, status: number, message: string) => response.status(status).json({ statusCode: status, message });
  const done = (response: Response, limit: number, setting: string, next: NextFunction) => (error?: unknown) => {
    if (!error) return next();
    const failed = error as { status?: number; type?: string; message?: string };
    if (failed.type === 'entity.too.large') return answer(response, 413, `the JSON body is larger than ${limit} bytes (${setting})`);
    if (failed.status && failed.status < 500) return answer(response, failed.status, `the JSON body cannot be read: ${failed.message ?? failed.type}`);
    next(error);
  };

  return (request, response, next) => {
    if (options.streamed?.some((prefix) => request.path.startsWith(prefix))) return next();
    const route = large.find((candidate) => candidate.method === request.method && candidate.path === request.path);
    if (!route) return small(request, response, done(response, options.limit, options.setting, next));
    if (!route.authorized(request)) return answer(response, 401, 'this call needs the admin token: set MBD_TOKEN (see <data dir>/admin-token)');
    route.parse(request, response, done(response, route.limit, route.setting, next));
  };
}
