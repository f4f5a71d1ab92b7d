import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/** Answers a request itself (resolving true), or resolves false having written nothing. */
export type FirstResponder = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * Puts `responders` in front of the application's request listener (the express app Nest created the
 * server with): each request goes to them in turn, and on to the application only if none answered it
 * (or one failed before writing anything). The server's other request listeners (the limits'
 * bookkeeping) stay as they are, in their order.
 */
export function servedBeforeNest(server: Server, application: RequestListener, ...responders: readonly FirstResponder[]): void {
  const first: FirstResponder = async (request, response) => {
    for (const responder of responders) if (await responder(request, response)) return true;
    return false;
  };
  const listeners = server.listeners('request') as RequestListener[];
  if (!listeners.includes(application)) throw new Error('servedBeforeNest: the application is not a request listener of the server');
  const combined: RequestListener = (request, response) => {
    first(request, response).then(
      (answered) => {
        if (!answered) application(request, response);
      },
      (error: unknown) => {
        if (!response.headersSent) application(request, response);
        else response.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
  server.removeAllListeners('request');
  for (const listener of listeners) server.on('request', listener === application ? combined : listener);
}
