/**
 * The event-sourced core against the running daemon (issue 2): status, OpenAPI, the audit log over
 * REST, SSE and the CLI, hash-chain verification (and its failure on a hand-tampered row),
 * projection rebuilds, and start-up refusals with clear messages.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { createTestDatabase, postgresSkipReason, postgresUrl } from '../support/postgres.js';

const daemonMain = new URL('../../dist/apps/daemon/src/main.js', import.meta.url).pathname;

describe('the daemon core', () => {
  let daemon: RunningDaemon;

  beforeAll(async () => {
    daemon = await startDaemon();
  });
  afterAll(async () => {
    await daemon?.stop();
    if (daemon) removeDataDir(daemon);
  });

  it('answers /api/status and mbd status', async () => {
    const status = await daemon.api<{ eventStore: { adapter: string; head: number } }>('GET', '/api/status', undefined, false);
    expect(status.status).toBe(200);
    expect(status.body.eventStore.adapter).toBe('sqlite');
    expect(status.body.eventStore.head).toBeGreaterThan(0);
    const cli = await daemon.cli('status');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('eventStore');
  });

  it('serves the OpenAPI document', async () => {
    const docs = await daemon.api<{ paths: Record<string, unknown> }>('GET', '/api/docs-json', undefined, false);
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toContain('/api/events');
  });

  it('lists the audit log with filters, over REST and the CLI', async () => {
    const all = await daemon.api<{ items: { position: number; type: string; streamId: string }[] }>('GET', '/api/events?limit=1000', undefined, false);
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThan(0);
    const positions = all.body.items.map((item) => item.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const type = all.body.items[0]!.type;
    const filtered = await daemon.api<{ items: { type: string }[] }>('GET', `/api/events?type=${type}`, undefined, false);
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(filtered.body.items.every((item) => item.type === type)).toBe(true);
    const bad = await daemon.api<{ message: string }>('GET', '/api/events?limit=abc', undefined, false);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('limit');
    const cli = await daemon.cli('events', '--type', type);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(type);
  });

  it('streams events as server-sent events, resumable with Last-Event-ID', async () => {
    const read = async (headers: Record<string, string>) => {
      const controller = new AbortController();
      const response = await fetch(`${daemon.url}/api/events/stream`, { headers, signal: controller.signal });
      const reader = response.body!.getReader();
      let text = '';
      const deadline = Date.now() + 5000;
      while (!text.includes('\n\n') && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      controller.abort();
      return text;
    };
    const first = await read({});
    expect(first).toMatch(/^id: 1$/m);
    const resumed = await read({ 'last-event-id': '1' });
    expect(resumed).toMatch(/^id: 2$/m);
  });

  it('creates a repository through the CLI; it is published, recorded, and cannot be created twice', async () => {
    const [sandbox] = (await daemon.api<{ repository: string }[]>('GET', '/api/repositories', undefined, false)).body;
    const file = join(daemon.dataDir, 'demo.json');
    writeFileSync(file, JSON.stringify({ ...sandbox, repository: 'demo' }));
    const created = await daemon.cli('repository', 'create', file);
    expect(created.code, created.stderr).toBe(0);
    const again = await daemon.cli('repository', 'create', file);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/409.*already exists/);
    const recorded = await daemon.api<{ items: { actor: string; streamId: string }[] }>('GET', '/api/events?type=RepositoryCreated', undefined, false);
    expect(recorded.body.items.find((item) => item.streamId === 'config-repository-demo')?.actor).toBe('user:admin');
    for (let tries = 0; tries < 100; tries++) {
      const release = await fetch(`${daemon.url}/repositories/demo/dists/bookworm-demo-unstable/InRelease`);
      if (release.status === 200) return expect(await release.text()).toContain('Codename: bookworm-demo-unstable');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('repository demo was not published');
  });

  it('refuses an invalid repository configuration with the field named', async () => {
    const response = await daemon.api<{ message: string }>('POST', '/api/repositories', { repository: 'Bad Name!' });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/repository/);
  });

  it('refuses write calls without the admin token', async () => {
    const response = await daemon.api('POST', '/api/projections/rebuild', {}, false);
    expect(response.status).toBe(401);
  });

  it('rebuilds the audit log to the same rows as the live projection', async () => {
    const before = await daemon.api<{ items: unknown[] }>('GET', '/api/events?limit=1000', undefined, false);
    const cli = await daemon.cli('projections', 'rebuild', 'audit-log');
    expect(cli.code, cli.stderr).toBe(0);
    const after = await daemon.api<{ items: unknown[] }>('GET', '/api/events?limit=1000', undefined, false);
    expect(after.body.items).toEqual(before.body.items);
  });

  it('verifies the hash chain, and reports the first broken position after a hand-tampered row', async () => {
    const ok = await daemon.cli('verify-log');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/hash chain intact/);
    await daemon.stop();
    const db = new Database(join(daemon.dataDir, 'events.sqlite'));
    db.prepare("UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE position = 2").run();
    db.close();
    daemon = await daemon.restart();
    const broken = await daemon.cli('verify-log');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at position 2/);
  });
});

describe.skipIf(!postgresUrl())('the daemon on PostgreSQL (event store and read models)', () => {
  it(`runs the sandbox with its log and read models in PostgreSQL${postgresUrl() ? '' : ` (skipped: ${postgresSkipReason()})`}`, async () => {
    const url = await createTestDatabase('mbd_e2e');
    const daemon = await startDaemon({ env: { MBD_EVENTSTORE: 'postgres', MBD_READ_MODELS: 'postgres', MBD_POSTGRES_URL: url, MBD_BUILD_JOBS: '0' } });
    try {
      const status = await daemon.api<{ eventStore: { adapter: string; head: number } }>('GET', '/api/status', undefined, false);
      expect(status.body.eventStore).toMatchObject({ adapter: 'postgres' });
      expect(status.body.eventStore.head).toBeGreaterThan(0);
      const audit = await daemon.api<{ items: { type: string }[] }>('GET', '/api/events', undefined, false);
      expect(audit.body.items.map((item) => item.type)).toContain('RepositoryCreated');
      const verified = await daemon.cli('verify-log');
      expect(verified.stdout).toMatch(/hash chain intact/);
      const restarted = await daemon.restart();
      const again = await restarted.api<{ eventStore: { head: number } }>('GET', '/api/status', undefined, false);
      expect(again.body.eventStore.head).toBe(status.body.eventStore.head);
      await restarted.stop();
    } finally {
      await daemon.stop();
      removeDataDir(daemon);
    }
  });
});

describe('start-up refusals', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [daemonMain], { env: { ...process.env, MBD_BIND: '127.0.0.1', ...env }, encoding: 'utf8', timeout: 30_000 });

  it('names the setting of an invalid configuration value', () => {
    const result = run({ MBD_DATA_DIR: mkdtempSync(join(tmpdir(), 'mbd-bad-')), MBD_HTTP_PORT: 'eighty' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('MBD_HTTP_PORT');
  });

  it('refuses a corrupted SQLite event store with a clear message', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mbd-corrupt-'));
    writeFileSync(join(dataDir, 'events.sqlite'), Buffer.alloc(8192, 0x5a));
    const result = run({ MBD_DATA_DIR: dataDir, MBD_HTTP_PORT: '0', MBD_FTP_PORT: '0' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/events\.sqlite/);
  });

  it('refuses a corrupt checkpoint of a follower instead of handling the whole log again', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mbd-checkpoint-'));
    mkdirSync(join(dataDir, 'checkpoints'), { recursive: true });
    writeFileSync(join(dataDir, 'checkpoints', 'packager.json'), 'not a number');
    const result = run({ MBD_DATA_DIR: dataDir, MBD_HTTP_PORT: '0', MBD_FTP_PORT: '0', MBD_BUILD_JOBS: '0' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`the checkpoint ${join(dataDir, 'checkpoints', 'packager.json')} holds "not a number", not a log position`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an admin token shorter than 16 characters, an empty token file too', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mbd-token-'));
    writeFileSync(join(dataDir, 'admin-token'), '\n');
    const empty = run({ MBD_DATA_DIR: dataDir, MBD_HTTP_PORT: '0', MBD_FTP_PORT: '0' });
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toContain(join(dataDir, 'admin-token'));
    const short = run({ MBD_DATA_DIR: dataDir, MBD_HTTP_PORT: '0', MBD_FTP_PORT: '0', MBD_ADMIN_TOKEN: 'short' });
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain('MBD_ADMIN_TOKEN');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an unreachable PostgreSQL with a clear message naming the setting', () => {
    const result = run({
      MBD_DATA_DIR: mkdtempSync(join(tmpdir(), 'mbd-pg-')),
      MBD_EVENTSTORE: 'postgres',
      MBD_POSTGRES_URL: 'postgres://mbd:secret@127.0.0.1:1/mbd',
      MBD_HTTP_PORT: '0',
      MBD_FTP_PORT: '0',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('MBD_POSTGRES_URL');
    expect(result.stderr).not.toContain('secret');
  });
});
