import { ArchiveAt, type BlobStore } from '@mbd/repository';
import { InMemoryEventStore } from '@mbd/events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../testing/web-app.fixture.js';

/**
 * Python's urllib, which dput-ng's http method uses, sends a body whose type it cannot guess (a .changes)
 * as `application/x-www-form-urlencoded`: the pages' form parser must leave `PUT /upload/<name>` alone.
 */
describe('PUT /upload/<name> whatever its Content-Type', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-upload-type-'));
  let web: WebApp;

  beforeAll(async () => {
    const timeTravel = new ArchiveAt({ store: new InMemoryEventStore(), blobs: {} as BlobStore, cacheDir: join(dataDir, 'at'), rebuild: async () => undefined });
    web = await startWebApp({ dataDir, timeTravel });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hands the whole body to incoming, also when labelled a URL-encoded form', async () => {
    const changes = 'Format: 1.8\nSource: hello\nFiles:\n d41d8cd98f00b204e9800998ecf8427e 0 misc optional hello_1.0.dsc\n';
    for (const type of ['application/x-www-form-urlencoded', 'text/prs.lines.tag', 'application/octet-stream']) {
      const response = await fetch(`${web.url}/upload/hello_1.0_source.changes`, { method: 'PUT', headers: { 'content-type': type }, body: changes });
      expect(response.status, type).toBe(201);
      expect(web.calls.uploads.at(-1), type).toEqual({ name: 'hello_1.0_source.changes', bytes: Buffer.byteLength(changes) });
    }
  });
});
