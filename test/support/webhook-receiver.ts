import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP server that answers every POST 204 and keeps what it got: the far end of a webhook. */
export class WebhookReceiver {
  private constructor(
    private readonly server: Server,
    readonly requests: WebhookRequest[],
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const requests: WebhookRequest[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return new WebhookReceiver(server, requests);
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The requests' bodies as JSON, with the signature each came with. */
  events(): { event: { type: string; position: number; data: Record<string, unknown> }; body: string; signature: string | undefined }[] {
    return this.requests.map((request) => ({
      event: JSON.parse(request.body) as { type: string; position: number; data: Record<string, unknown> },
      body: request.body,
      signature: request.headers['x-mbd-signature'] as string | undefined,
    }));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
