import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';
import { ApiClient } from '../api-client.js';
import { run } from '../main.js';

/** What one `mbd` command line printed and its exit code. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `mbd <args>` in this process against `api`, capturing stdout and stderr. */
export async function runCli(api: ApiClient, ...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += `${parts.join(' ')}\n`));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += `${parts.join(' ')}\n`));
  try {
    const code = await run(['node', 'mbd', ...args], api);
    return { code, stdout, stderr };
  } finally {
    for (const spy of [out, err, log, error]) spy.mockRestore();
  }
}

/** A stand-in daemon: answers each `METHOD /path` it is given (status and JSON body), 404 otherwise. */
export interface StubDaemon {
  readonly api: ApiClient;
  readonly requests: string[];
  close(): Promise<void>;
}

export async function stubDaemon(routes: Record<string, { status?: number; body: unknown }>, token = 'secret'): Promise<StubDaemon> {
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const route = `${request.method} ${new URL(request.url ?? '/', 'http://stub').pathname}`;
    requests.push(route);
    const answer = routes[route] ?? { status: 404, body: { statusCode: 404, message: `Cannot ${route}` } };
    response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: new ApiClient(`http://127.0.0.1:${port}`, token),
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
