import { PackageInstalled, type FileRef } from '@mbd/events';
import type { AuditLogFilter, AuditLogItem, ProjectionsService } from '@mbd/projections';
import { FsBlobStore } from '@mbd/repository';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DebdiffError } from './debdiff.errors.js';
import { DebdiffService, defaultDebdiffLimits } from './debdiff.service.js';

const run = promisify(execFile);
const v1 = '1.0~test12+1';
const v2 = '1.1~test12+1';

describe('debdiff between two installed versions, with the real debdiff', () => {
  let dir: string;
  let blobs: FsBlobStore;
  const installs: AuditLogItem[] = [];
  const reads: AuditLogFilter[] = [];
  const projections = {
    listAuditLog: async (filter: AuditLogFilter) => {
      reads.push(filter);
      return { items: installs.filter((item) => filter.source === item.source && filter.repository === item.repository), nextAfter: null, nextBefore: null };
    },
  } as unknown as ProjectionsService;

  /** Builds mbd-test-all at `version` from `tree`, stores its files and files a PackageInstalled for them. */
  const install = async (tree: string, version: string, position: number) => {
    const out = join(dir, `out-${version}`);
    await run('bash', [join(process.cwd(), 'test/packages/build-source.sh'), tree, out, version]);
    const files: FileRef[] = [];
    for (const name of readdirSync(out).filter((entry) => !entry.endsWith('.changes') && !entry.endsWith('.buildinfo'))) {
      const { sha256, size } = await blobs.putFile(join(out, name));
      files.push({ name, sha256, size });
    }
    const event = PackageInstalled.create(
      { distribution: 'bookworm-test-unstable', source: 'mbd-test-all', version, files, binaries: [] },
      { actor: { kind: 'daemon' }, correlationId: 'c', occurredAt: '2026-11-30T12:00:00.000Z' },
    );
    installs.unshift({
      position,
      id: `e${position}`,
      streamId: 'dist-bookworm-test-unstable',
      type: event.type,
      version: 1,
      actor: 'daemon',
      correlationId: 'c',
      occurredAt: event.metadata.occurredAt,
      data: event.data,
      source: 'mbd-test-all',
      distribution: 'bookworm-test-unstable',
      repository: 'test',
    });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mbd-debdiff-int-'));
    blobs = new FsBlobStore(join(dir, 'blobs'));
    await install('mbd-test-all', v1, 10);
    // v2 says something else: the known change debdiff must show
    const tree = join(dir, 'tree', 'mbd-test-all');
    cpSync(join(process.cwd(), 'test/packages/mbd-test-all'), tree, { recursive: true });
    const script = join(tree, 'bin/mbd-test-all');
    writeFileSync(script, readFileSync(script, 'utf8').replace('mbd-test-all works', 'mbd-test-all works better'));
    await install(tree, v2, 20);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the changed line and the new changelog version; nothing is left in the temp dir', async () => {
    const before = readdirSync(tmpdir()).filter((entry) => entry.startsWith('mbd-debdiff-') && !entry.startsWith('mbd-debdiff-int-')).length;
    const result = await new DebdiffService(projections, blobs).debdiff('test', 'mbd-test-all', v1, v2);
    expect(result.identical).toBe(false);
    expect(result.debdiff).toMatch(/^-echo "mbd-test-all works"$/m);
    expect(result.debdiff).toMatch(/^\+echo "mbd-test-all works better"$/m);
    expect(result.debdiff).toContain(`mbd-test-all (${v2})`);
    expect(reads.at(-1)).toMatchObject({ source: 'mbd-test-all', repository: 'test', type: 'PackageInstalled' });
    expect(readdirSync(tmpdir()).filter((entry) => entry.startsWith('mbd-debdiff-') && !entry.startsWith('mbd-debdiff-int-')).length).toBe(before);
  }, 60_000);

  it('answers a version against itself as identical (debdiff exits 0)', async () => {
    const result = await new DebdiffService(projections, blobs).debdiff('test', 'mbd-test-all', v1, v1);
    expect(result).toMatchObject({ identical: true, debdiff: '' });
  }, 60_000);

  it('refuses a version never installed in the repository, naming it', async () => {
    const service = new DebdiffService(projections, blobs);
    await expect(service.debdiff('test', 'mbd-test-all', v1, '9.9')).rejects.toMatchObject({ code: 'version-unknown', message: expect.stringContaining('mbd-test-all 9.9') });
    await expect(service.debdiff('other', 'mbd-test-all', v1, v2)).rejects.toBeInstanceOf(DebdiffError);
  });

  it('runs no more than its limit at once: a request beyond is refused as busy, with a time to retry', async () => {
    const service = new DebdiffService(projections, blobs, { ...defaultDebdiffLimits, concurrency: 1 });
    const results = await Promise.allSettled([service.debdiff('test', 'mbd-test-all', v1, v2), service.debdiff('test', 'mbd-test-all', v1, v2)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected')!.reason as DebdiffError;
    expect(refused).toMatchObject({ code: 'busy', retryAfterSeconds: 10 });
    // the slot is free again
    await expect(service.debdiff('test', 'mbd-test-all', v1, v2)).resolves.toMatchObject({ identical: false });
  }, 60_000);

  it('stops a debdiff over its time limit and says so', async () => {
    const service = new DebdiffService(projections, blobs, { ...defaultDebdiffLimits, timeoutMs: 1 });
    await expect(service.debdiff('test', 'mbd-test-all', v1, v2)).rejects.toMatchObject({ code: 'timed-out' });
  }, 60_000);
});
