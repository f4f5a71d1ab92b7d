import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../event.js';
import { EventStoreUnavailableError } from './errors.js';
import { eventStoreContract } from './event-store.contract.js';
import { verifyChain } from './hash-chain.js';
import { readAllPages } from './read-all-pages.js';
import { SqliteEventStore } from './sqlite-event-store.adapter.js';

eventStoreContract('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mbd-events-'));
  const file = join(dir, 'events.sqlite');
  return {
    store: await SqliteEventStore.open(file),
    reopen: () => SqliteEventStore.open(file),
    tamper: (position: number) => {
      const db = new Database(file);
      db.prepare(`UPDATE events SET data = '{"source":"evil","version":"6.6.6"}' WHERE position = ?`).run(position);
      db.close();
      return Promise.resolve();
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

const installed = (n: number): Event[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'PackageInstalled',
    version: 1,
    data: { source: 'hello', version: `2.10-${i}` },
    metadata: { actor: { kind: 'daemon' }, correlationId: 'c', occurredAt: '2026-11-25T12:00:00.000Z' },
  }));

describe('SQLite event store faults', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-events-'));
    file = join(dir, 'data', 'events.sqlite');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates the file and its directory on first open', async () => {
    const store = await SqliteEventStore.open(file);
    await store.append('upload-1', installed(1), 'no-stream');
    await store.close();
    expect(statSync(file).size).toBeGreaterThan(0);
  });

  const corrupt = async (damage: (size: number) => Promise<void>) => {
    const store = await SqliteEventStore.open(file);
    await store.append('upload-1', installed(5_000), 'no-stream');
    await store.close();
    await damage(statSync(file).size);
    const opened = SqliteEventStore.open(file);
    await expect(opened).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opened).rejects.toThrow(file);
  };

  it('refuses to open a file overwritten with garbage, naming the file', () => corrupt(() => writeFile(file, randomBytes(64 * 1024))));

  it('refuses to open a truncated file, naming the file', () => corrupt((size) => truncate(file, Math.floor(size / 2))));

  it('leaves a whole batch or none of it when the appending process is killed (kill -9)', async () => {
    const child = await compileChild(dir);
    const batch = 2_000;
    let survived = 0;
    for (let round = 0; round < 4; round++) {
      const proc = spawn(process.execPath, [child, file, String(batch)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      // Round r lets the child commit r batches, then kills it at a random moment of the next ones.
      await new Promise<void>((resolve, reject) => {
        let lines = 0;
        proc.stdout.on('data', (chunk: Buffer) => {
          lines += chunk.toString().split('\n').length - 1;
          if (lines > round) resolve();
        });
        proc.once('exit', (code) => reject(new Error(`appender exited early with ${code}`)));
      });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100));
      proc.kill('SIGKILL');
      await exited;

      const store = await SqliteEventStore.open(file);
      const count = await store.headPosition();
      expect(count % batch).toBe(0);
      expect(count).toBeGreaterThanOrEqual(survived + round * batch);
      expect(await verifyChain(readAllPages(store))).toEqual({ ok: true, count });
      await store.close();
      survived = count;
    }
  });
});

/**
 * The appender the kill test runs in a child process: this directory's sources compiled with swc
 * into `dir`, which resolves packages from the project's node_modules.
 */
async function compileChild(dir: string): Promise<string> {
  const src = fileURLToPath(new URL('..', import.meta.url));
  const out = join(dir, 'child');
  // The store and what it imports: the event envelope and the catalogue (its upcasters).
  const sources = async (sub: string) =>
    ((await readdir(join(src, sub), { recursive: true })) as string[]).filter((f) => f.endsWith('.ts') && !f.includes('.spec.') && !f.includes('.contract.')).map((f) => `${sub}/${f}`);
  const files = ['event.ts', ...(await sources('store')), ...(await sources('catalogue'))];
  for (const f of files) {
    await mkdir(dirname(join(out, f)), { recursive: true });
    const { code } = await transformFile(join(src, f), { swcrc: false, module: { type: 'es6' }, jsc: { target: 'es2022', parser: { syntax: 'typescript' } } });
    await writeFile(join(out, f.replace(/\.ts$/, '.js')), code);
  }
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
  await symlink(fileURLToPath(new URL('../../../../node_modules', import.meta.url)), join(out, 'node_modules'));
  const script = join(out, 'append-forever.js');
  await writeFile(
    script,
    `import { SqliteEventStore } from './store/sqlite-event-store.adapter.js';
const [file, size] = process.argv.slice(2);
const store = await SqliteEventStore.open(file);
const batch = Array.from({ length: Number(size) }, (_, i) => ({ type: 'PackageInstalled', version: 1, data: { source: 'hello', version: '2.10-' + i, padding: 'x'.repeat(200) }, metadata: { actor: { kind: 'daemon' }, correlationId: 'kill', occurredAt: new Date().toISOString() } }));
process.stdout.write('open\\n');
for (let n = 0; ; n++) {
  await store.append('upload-kill-' + n + '-' + process.pid, batch, 'no-stream');
  process.stdout.write('committed\\n');
}
`,
  );
  return script;
}
