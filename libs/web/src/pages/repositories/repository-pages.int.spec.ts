import { InMemoryEventStore } from '@mbd/events';
import { ProjectionsService } from '@mbd/projections';
import { ArchiveAt, type BlobStore } from '@mbd/repository';
import { ConfigurationService, SnapshotsService, UploaderCommandsService } from '@mbd/workflows';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../testing/web-app.fixture.js';
import { sampleRepository, sampleSource } from './sample-repository.fixture.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const unstable = 'bookworm-test-unstable';
const uploaders = [{ repository: 'test', fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567', name: `Mallory ${IMG}` }];

/** The text of `<pre id="…">`, entities decoded. */
const preText = (html: string, id: string): string => {
  const match = new RegExp(`<pre id="${id}">([\\s\\S]*?)</pre>`).exec(html);
  if (!match) throw new Error(`no <pre id="${id}">`);
  return match[1]!.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
};

describe('the repository pages over HTTP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mbd-web-repository-pages-'));
  let web: WebApp;
  const page = async (path: string) => {
    const response = await fetch(`${web.url}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
  };

  beforeAll(async () => {
    const store = new InMemoryEventStore();
    const timeTravel = new ArchiveAt({ store, blobs: {} as BlobStore, cacheDir: join(dataDir, 'cache', 'at'), rebuild: async () => undefined });
    const rows = [
      sampleSource(unstable, 'hello', '1.0~test12+1', 12),
      sampleSource(unstable, SCRIPT, IMG, 13),
      sampleSource('bookworm-test-testing', 'hello', '1.0~test12+1', 14),
      ...Array.from({ length: 55 }, (_, index) => sampleSource('bookworm-test-stable', `pkg${String(index).padStart(2, '0')}`, '1~test12+1')),
      sampleSource('bookworm-other-unstable', 'stranger', '9'),
    ];
    web = await startWebApp({
      dataDir,
      timeTravel,
      env: { publicHost: 'mbd.example.org' },
      providers: [
        { provide: ConfigurationService, useValue: { current: () => ({ repositories: new Map([['test', sampleRepository]]), uploaders, chroots: new Map() }) } },
        { provide: UploaderCommandsService, useValue: { list: (repository?: string) => uploaders.filter((uploader) => repository === undefined || uploader.repository === repository) } },
        { provide: ProjectionsService, useValue: { listRepositoryState: async () => rows, listBuildQueue: async () => [] } },
        { provide: SnapshotsService, useValue: { ofRepository: async () => [] } },
      ],
    });
  });
  afterAll(async () => {
    await web.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the repositories in table #repositories, also at /repositories/', async () => {
    for (const path of ['/repositories', '/repositories/']) {
      const answer = await page(path);
      expect(answer.status, path).toBe(200);
      expect(answer.type).toMatch(/^text\/html/);
      expect(answer.body).toContain('<table id="repositories" class="dense">');
      expect(answer.body).toContain('<th scope="row"><a href="/repositories/test">test</a></th>');
      expect(answer.body).toContain('<td>experimental, unstable, testing, stable</td>');
      expect(answer.body).toMatch(/<span title="distinct source packages in its distributions">57<\/span>/);
    }
  });

  it('shows a repository with the very snippets RepositoriesController serves beside its tree', async () => {
    const answer = await page('/repositories/test');
    expect(answer.status).toBe(200);
    const served = async (path: string) => (await fetch(`${web.url}/repositories/test/${path}`)).text();
    expect(preText(answer.body, 'snippet-sources-list')).toBe(await served('sources.list'));
    expect(preText(answer.body, 'snippet-sources-bookworm')).toBe(await served('bookworm.sources'));
    expect(preText(answer.body, 'snippet-dput-cf')).toBe(await served('dput.cf'));
    expect(preText(answer.body, 'snippet-sources-list')).toContain('http://mbd.example.org:8066/repositories/test/ bookworm-test-unstable main contrib');
    expect(answer.body).toContain('<a href="/repositories/test/archive-key.asc">');
    expect((await page('/repositories/test/')).status).toBe(200);
  });

  it('names the uploaders the REST API names, escaped', async () => {
    const answer = await page('/repositories/test');
    const api = (await (await fetch(`${web.url}/api/repositories/test/uploaders`)).json()) as { fingerprint: string }[];
    expect(api.map((uploader) => uploader.fingerprint)).toEqual([uploaders[0]!.fingerprint]);
    expect(answer.body).toContain(`<code class="hash">${uploaders[0]!.fingerprint}</code>`);
    expect(answer.body).toContain('Mallory &quot;>&lt;img src=x onerror=alert(1)>');
    expect(answer.body).toContain('<code class="hash" id="archive-key-fingerprint">0123456789ABCDEF0123456789ABCDEF01234567</code>');
  });

  it('lists each distribution’s packages, hostile names escaped, and pages a long one', async () => {
    const answer = await page('/repositories/test');
    expect(answer.body).toContain(`<table class="dense" id="packages-${unstable}">`);
    expect(answer.body).toContain('<a href="/packages/hello">hello</a>');
    expect(answer.body).not.toContain(SCRIPT);
    expect(answer.body).not.toContain('<img src=x');
    expect(answer.body).not.toContain('stranger');
    expect(answer.body).toContain('>pkg49<');
    expect(answer.body).not.toContain('>pkg50<');
    expect(answer.body).toContain('href="/repositories/test?distribution=bookworm-test-stable&amp;after=pkg49#dist-bookworm-test-stable" rel="next"');
    const next = await page('/repositories/test?distribution=bookworm-test-stable&after=pkg49');
    expect(next.status).toBe(200);
    expect(next.body).toContain('>pkg54<');
    expect(next.body).not.toContain('>pkg49<');
  });

  it('offers the time-travel picker and the diff form', async () => {
    const answer = await page('/repositories/test');
    expect(answer.body).toContain('<form method="get" action="/archive/test" id="time-travel"');
    expect(answer.body).toContain('name="time"');
    expect(answer.body).toContain('name="position"');
    expect(answer.body).toContain('<form method="get" action="/archive/test/diff" id="archive-diff-form"');
  });

  it('answers 404 as a page for an unknown repository, and 400 for a malformed page query', async () => {
    const missing = await page('/repositories/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('no repository nope');
    expect((await page('/repositories/test?after=a&after=b')).status).toBe(400);
  });
});
