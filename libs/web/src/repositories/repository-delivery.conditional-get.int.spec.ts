import express from 'express';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryDelivery } from './repository-delivery.middleware.js';

/**
 * apt asks for InRelease with If-Modified-Since set to the Last-Modified it got last time, which has
 * one-second precision. The archive can publish twice within one second (a removal, then a restore):
 * a 304 then would keep apt on the old indices until the next publication.
 */
/** A GET with exactly these headers, as apt sends it (fetch would add `Cache-Control: no-cache` to a conditional one). */
const aptGet = (url: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    get(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    }).on('error', reject);
  });

describe('repository delivery: conditional GETs of a tree apt reads', () => {
  let root: string;
  let server: Server;
  let url: string;
  const inRelease = () => join(root, 'test', 'dists', 'bookworm-test-unstable', 'InRelease');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbd-delivery-'));
    await mkdir(join(root, 'test', 'dists', 'bookworm-test-unstable'), { recursive: true });
    const timeTravel = { resolve: () => Promise.reject(new Error('no time travel here')), treeAt: () => Promise.reject(new Error('no time travel here')) };
    const app = express().use('/repositories', repositoryDelivery({ root, timeTravel, adminToken: 'test-admin-token-0123456789abcdef' }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repositories/test/dists/bookworm-test-unstable/InRelease`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it('answers with the new InRelease, not 304, when it changed within the second apt already has', async () => {
    const second = new Date('2026-11-30T12:00:00.000Z');
    await writeFile(inRelease(), 'Suite: bookworm-test-unstable\nRemoved: mbd-test-all\n');
    await utimes(inRelease(), second, new Date(second.getTime() + 100));
    const first = await aptGet(url);
    expect(first.status).toBe(200);
    // apt keeps the file with this time and sends it back as If-Modified-Since (the time it got, or its own).
    const lastModified = first.headers['last-modified'] ?? second.toUTCString();

    await writeFile(inRelease(), 'Suite: bookworm-test-unstable\nRestored: mbd-test-all\n');
    await utimes(inRelease(), second, new Date(second.getTime() + 700));
    const again = await aptGet(url, { 'If-Modified-Since': lastModified });

    expect(again.status).toBe(200);
    expect(again.body).toContain('Restored: mbd-test-all');
  });

  it('still answers 304 to a client that sends back the ETag of an unchanged file', async () => {
    const first = await aptGet(url);
    expect(first.headers.etag).toBeDefined();
    expect((await aptGet(url, { 'If-None-Match': first.headers.etag! })).status).toBe(304);
  });
});
