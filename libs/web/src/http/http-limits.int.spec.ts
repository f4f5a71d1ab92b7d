import { mkdtempSync, rmSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FOR_TESTS, startWebApp, type WebApp } from '../testing/web-app.fixture.js';

const noTimeTravel = { resolve: () => Promise.reject(new Error('unused')), treeAt: () => Promise.reject(new Error('unused')) };
const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const messageOf = async (response: Response) => ((await response.json()) as { message: string }).message;

/** A raw connection; `response` collects what the server writes until it closes the connection. */
const rawConnection = (port: number) =>
  new Promise<{ socket: Socket; closed: Promise<string> }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });

/** Opens an SSE stream and resolves on its response head (the body is left open). */
const openStream = (url: string) =>
  new Promise<IncomingMessage>((resolve, reject) => get(url, { headers: { accept: 'text/event-stream' } }, resolve).once('error', reject));

const bodyOf = (response: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    response.on('data', (chunk: Buffer) => (text += chunk.toString()));
    response.on('end', () => resolve(text));
  });

describe('HTTP limits of the API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-limits-'));
  let web: WebApp;
  beforeAll(async () => {
    web = await startWebApp({ dataDir, timeTravel: noTimeTravel, env: { maxJsonBodyBytes: 1024, maxSseConnections: 2, maxUploadBytes: 64 * 1024 } });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('the admin token guard', () => {
    const migrate = { distribution: 'bookworm-test-unstable', source: 'hello' };
    it('refuses a write without a token', async () => {
      const response = await fetch(`${web.url}/api/packages/migrate`, json(migrate));
      expect(response.status).toBe(401);
      expect((await messageOf(response))).toMatch(/admin token/);
    });
    it('refuses a wrong token, and a right token sent as Basic (writes take Bearer only)', async () => {
      expect((await fetch(`${web.url}/api/packages/migrate`, json(migrate, 'x'.repeat(ADMIN_TOKEN_FOR_TESTS.length)))).status).toBe(401);
      expect((await fetch(`${web.url}/api/packages/migrate`, json(migrate, ''))).status).toBe(401);
      const basic = `Basic ${Buffer.from(`mbd:${ADMIN_TOKEN_FOR_TESTS}`).toString('base64')}`;
      const viaBasic = await fetch(`${web.url}/api/packages/migrate`, { ...json(migrate), headers: { 'content-type': 'application/json', authorization: basic } });
      expect(viaBasic.status).toBe(401);
      expect(web.calls.migrations).toEqual([]);
    });
    it('lets the right token through', async () => {
      const response = await fetch(`${web.url}/api/packages/migrate`, json(migrate, ADMIN_TOKEN_FOR_TESTS));
      expect(response.status).toBe(201);
      expect(web.calls.migrations).toEqual([migrate]);
    });
  });

  describe('JSON bodies', () => {
    it('answers 413 naming the setting to a JSON body above MBD_MAX_JSON_BODY_BYTES, before the guard', async () => {
      const response = await fetch(`${web.url}/api/packages/migrate`, json({ distribution: 'x'.repeat(2000), source: 'hello' }));
      expect(response.status).toBe(413);
      expect((await messageOf(response))).toBe('the JSON body is larger than 1024 bytes (MBD_MAX_JSON_BODY_BYTES)');
    });
    it('answers 400 to JSON that does not parse', async () => {
      const response = await fetch(`${web.url}/api/packages/migrate`, json('{"distribution":', ADMIN_TOKEN_FOR_TESTS));
      expect(response.status).toBe(400);
      expect((await messageOf(response))).toMatch(/JSON body cannot be read/);
    });
    it('does not read the streamed upload route, whatever its content type', async () => {
      const bytes = 8 * 1024;
      const response = await fetch(`${web.url}/upload/hello_1.0.dsc`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(bytes) });
      expect(response.status).toBe(201);
      expect(web.calls.uploads).toContainEqual({ name: 'hello_1.0.dsc', bytes });
    });
    it('reads an admin install with the upload limit, but only once the token is checked', async () => {
      const files = [
        { name: 'hello_1.0_amd64.changes', content: Buffer.alloc(10_000, 1).toString('base64') },
        { name: 'hello_1.0_amd64.deb', content: Buffer.alloc(10_000, 2).toString('base64') },
      ];
      const anonymous = await fetch(`${web.url}/api/packages/install`, json({ files }));
      expect(anonymous.status).toBe(401);
      const installed = await fetch(`${web.url}/api/packages/install`, json({ files }, ADMIN_TOKEN_FOR_TESTS));
      expect(installed.status).toBe(201);
      expect(web.calls.installs).toEqual([20_000]);
      const tooLarge = await fetch(`${web.url}/api/packages/install`, json({ files: [...files, { name: 'big.deb', content: Buffer.alloc(64 * 1024).toString('base64') }] }, ADMIN_TOKEN_FOR_TESTS));
      expect(tooLarge.status).toBe(413);
      expect((await messageOf(tooLarge))).toMatch(/MBD_MAX_UPLOAD_BYTES/);
    });
  });

  describe('server-sent event streams', () => {
    it('answers 503 with a message above MBD_MAX_SSE_CONNECTIONS, and frees a place when a stream closes', async () => {
      const first = await openStream(`${web.url}/api/events/stream`);
      const second = await openStream(`${web.url}/api/events/stream`);
      expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
      expect(first.headers['content-type']).toMatch(/text\/event-stream/);

      const third = await fetch(`${web.url}/api/events/stream`, { headers: { accept: 'text/event-stream' } });
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('30');
      expect((await messageOf(third))).toMatch(/2 live streams are open, the most allowed \(MBD_MAX_SSE_CONNECTIONS\)/);
      web.buildLogs.set('b1', new (await import('rxjs')).Subject<string>());
      expect((await fetch(`${web.url}/api/builds/b1/log/stream`)).status).toBe(503);

      first.destroy();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await openStream(`${web.url}/api/builds/b1/log/stream`);
      expect(again.statusCode).toBe(200);
      web.buildLogs.get('b1')!.next('dpkg-buildpackage: info: source package hello');
      web.buildLogs.get('b1')!.complete();
      expect(await bodyOf(again)).toContain('data: dpkg-buildpackage: info: source package hello');
      second.destroy();
    });
  });
});

describe('HTTP server timeouts and connection caps', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-connections-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('answers 503 and closes a connection above MBD_HTTP_MAX_CONNECTIONS_PER_ADDRESS', async () => {
    const web = await startWebApp({ dataDir, timeTravel: noTimeTravel, env: { httpMaxConnectionsPerAddress: 2 } });
    try {
      const open = [await rawConnection(web.port), await rawConnection(web.port)];
      const refused = await rawConnection(web.port);
      refused.socket.write('GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n');
      const answer = await refused.closed;
      expect(answer).toMatch(/^HTTP\/1.1 503 Service Unavailable/);
      expect(answer).toMatch(/2 HTTP connections from 127.0.0.1 are open, the most allowed from one address \(MBD_HTTP_MAX_CONNECTIONS_PER_ADDRESS\)/);
      for (const connection of open) connection.socket.destroy();
      await Promise.all(open.map((connection) => connection.closed));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${web.url}/api/status`)).status).toBe(200);
    } finally {
      await web.close();
    }
  });

  it('answers 503 and closes a connection above MBD_HTTP_MAX_CONNECTIONS', async () => {
    const web = await startWebApp({ dataDir, timeTravel: noTimeTravel, env: { httpMaxConnections: 1 } });
    try {
      const open = await rawConnection(web.port);
      const refused = await rawConnection(web.port);
      expect(await refused.closed).toMatch(/^HTTP\/1.1 503[^]*1 HTTP connections are open, the most allowed \(MBD_HTTP_MAX_CONNECTIONS\)/);
      open.socket.destroy();
    } finally {
      await web.close();
    }
  });

  it('closes a connection that stays silent longer than MBD_HTTP_IDLE_TIMEOUT_S', async () => {
    const web = await startWebApp({ dataDir, timeTravel: noTimeTravel, env: { httpIdleTimeoutS: 1 } });
    try {
      const silent = await rawConnection(web.port);
      silent.socket.write('GET /api/status HTTP/1.1\r\n');
      const started = Date.now();
      await silent.closed;
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await web.close();
    }
  });

  it('does not cut a request the server takes longer than MBD_HTTP_IDLE_TIMEOUT_S to answer', async () => {
    const web = await startWebApp({ dataDir, timeTravel: noTimeTravel, env: { httpIdleTimeoutS: 1 } });
    try {
      const response = await fetch(`${web.url}/api/packages/migrate`, json({ distribution: 'bookworm-test-unstable', source: 'slow' }, ADMIN_TOKEN_FOR_TESTS));
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ migrated: 'slow' });
    } finally {
      await web.close();
    }
  });
});
