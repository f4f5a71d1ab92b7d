import type { FirstResponder } from './served-before-nest.js';

/**
 * `GET /api/status` as most ask it (no query), answered before the Nest stack: the same body as
 * StatusController's (statusAnswer), read after the request came (StatusRegistry shares one reading
 * among the requests that wait for it), written as JSON. With a query (`?with_repositories=1`), or
 * any other method, the request goes on to the controller.
 */
export function apiStatusFirst(answer: () => Promise<Record<string, unknown>>): FirstResponder {
  /** The JSON of each body: the requests that share a reading share one serialization. */
  const texts = new WeakMap<Record<string, unknown>, string>();
  return async (request, response) => {
    if (request.method !== 'GET' || request.url !== '/api/status') return false;
    const answered = await answer();
    let body = texts.get(answered);
    if (body === undefined) {
      body = JSON.stringify(answered);
      texts.set(answered, body);
    }
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return true;
  };
}
