import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface HttpServerLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /**
   * Inactivity of a connection while the client is sending or reading: a request the server is still
   * working on (received, no answer started) is not cut; server-sent event streams lift it for their socket.
   */
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
}

/** Where refusals are reported: at most one line a second, with the count of those not reported. */
export type LimitLogger = (message: string) => void;

const refusal = (message: string): string => {
  const body = JSON.stringify({ statusCode: 503, message });
  return [
    'HTTP/1.1 503 Service Unavailable',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Retry-After: 10',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
};

/**
 * Timeouts and connection caps of the HTTP server (the idle timeout cuts a silent client, not a slow
 * answer). A connection above the total cap or above the cap
 * of its client address is answered 503 at once and closed, before its request is read; the
 * refusals are logged (rate-limited).
 */
export function applyHttpServerLimits(server: Server, limits: HttpServerLimits, log: LimitLogger): void {
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  server.timeout = limits.idleTimeoutMs;
  server.keepAliveTimeout = Math.min(server.keepAliveTimeout, limits.idleTimeoutMs);
  const inFlight = new WeakMap<Socket, { request: IncomingMessage; response: ServerResponse }>();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    inFlight.set(socket, { request, response });
    response.once('close', () => {
      if (inFlight.get(socket)?.response === response) inFlight.delete(socket);
    });
  });
  // With a listener, Node leaves timed-out sockets to it: only a server still at work keeps one.
  server.on('timeout', (socket: Socket) => {
    const current = inFlight.get(socket);
    if (current && current.request.complete && !current.response.headersSent) return;
    socket.destroy();
  });

  const perAddress = new Map<string, number>();
  let open = 0;
  let lastLog = 0;
  let unlogged = 0;
  const report = (message: string) => {
    const now = Date.now();
    if (now - lastLog < 1000) return void unlogged++;
    log(unlogged > 0 ? `${message} (and ${unlogged} more refused since the last report)` : message);
    lastLog = now;
    unlogged = 0;
  };

  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = perAddress.get(address) ?? 0;
    let reason: string | undefined;
    if (open >= limits.maxConnections) reason = `${open} HTTP connections are open, the most allowed (MBD_HTTP_MAX_CONNECTIONS)`;
    else if (fromAddress >= limits.maxConnectionsPerAddress) {
      reason = `${fromAddress} HTTP connections from ${address} are open, the most allowed from one address (MBD_HTTP_MAX_CONNECTIONS_PER_ADDRESS)`;
    }
    if (reason) {
      report(`refused a connection: ${reason}`);
      socket.end(refusal(`too many connections: ${reason}; try again later`), () => socket.destroy());
      return;
    }
    open++;
    perAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      open--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
}
