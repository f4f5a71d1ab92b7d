import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolFailedError } from '../errors.js';
import { buildTestSource } from '../testing/test-sources.js';
import { Lintian } from './lintian.adapter.js';

describe('Lintian (lintian 2.116 on the test packages)', () => {
  let work: string;
  const lintian = new Lintian();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mbd-lintian-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('reports the source error of mbd-test-lintian, and no bad-distribution-in-changes-file', async () => {
    const { changes } = await buildTestSource('mbd-test-lintian', work);
    const report = await lintian.check(changes);
    expect(report.errors).toBe(1);
    expect(report.tags).toContainEqual(expect.objectContaining({ severity: 'error', package: 'mbd-test-lintian', type: 'source', tag: 'build-depends-on-essential-package-without-using-version' }));
    expect(report.tags.map((tag) => tag.tag)).not.toContain('bad-distribution-in-changes-file');
  });

  it('reports the binary error no-copyright-file of the built mbd-test-lintian', async () => {
    const { dsc } = await buildTestSource('mbd-test-lintian', join(work, 'binary'));
    await execa('dpkg-source', ['-x', dsc, 'tree'], { cwd: join(work, 'binary') });
    await execa('dpkg-buildpackage', ['-us', '-uc', '-b'], { cwd: join(work, 'binary', 'tree') });
    const changes = (await readdir(join(work, 'binary'))).find((name) => name.endsWith('_all.changes') || name.endsWith('_amd64.changes')) ?? '';
    const report = await lintian.check(join(work, 'binary', changes));
    expect(report.tags).toContainEqual(expect.objectContaining({ severity: 'error', package: 'mbd-test-lintian', type: 'binary', tag: 'no-copyright-file' }));
  });

  it('finds nothing to complain about in a clean source', async () => {
    const { changes } = await buildTestSource('mbd-test-all', join(work, 'clean'));
    expect(await lintian.check(changes)).toEqual({ errors: 0, warnings: 0, tags: [] });
  });

  it('fails with the reason when lintian cannot run on the file', async () => {
    const error: unknown = await lintian.check(join(work, 'missing.changes')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ToolFailedError);
    expect((error as ToolFailedError).message).toContain('missing.changes');
  });
});
