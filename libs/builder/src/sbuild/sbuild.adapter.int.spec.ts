import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuilderPool } from '../build/builder-pool.js';
import type { BuildJob, BuildResult } from '../build/builder.port.js';
import { type Chroot, chrootIndicesFresh } from '../chroot/chroot.js';
import { BuildCancelledError } from '../errors.js';
import { Lintian } from '../lintian/lintian.adapter.js';
import { listSchrootSessions } from '../schroot/schroot-sessions.js';
import { ensureTestChroot, testChroots } from '../testing/test-chroot.js';
import { buildTestSource, type TestPackage } from '../testing/test-sources.js';
import { SbuildBuilder } from './sbuild.adapter.js';

const notRoot = process.getuid?.() !== 0;

describe.skipIf(notRoot)('SbuildBuilder (real sbuild in the schroot overlay chroot; needs root)', () => {
  let work: string;
  let chroot: Chroot;
  const builder = new SbuildBuilder({ chroots: testChroots(), cancelGraceMs: 5000 });

  const job = async (pkg: TestPackage, archAll: boolean): Promise<BuildJob> => {
    const { dsc } = await buildTestSource(pkg, join(work, 'src'));
    return { buildId: `${pkg}-1`, dsc, distribution: 'bookworm-test-unstable', codename: 'bookworm', architecture: 'amd64', archAll, outputDir: join(work, pkg) };
  };
  const report = (result: BuildResult): void => {
    console.log(`${result.buildId}: ${result.status} in ${result.seconds} s; ${result.stages.map((stage) => `${stage.name} ${stage.seconds}`).join(', ')}`);
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'mbd-sbuild-'));
    chroot = (await ensureTestChroot('bookworm', 'amd64')).chroot;
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('builds the arch:all and the C arch:any package at the same time, each in its own overlay', async () => {
    const pool = new BuilderPool(builder, 2);
    const all = pool.build(await job('mbd-test-all', true));
    const any = pool.build(await job('mbd-test-any', false));
    const streamed = firstValueFrom(all.log.pipe(toArray()));
    await expect(all.started).resolves.toMatchObject({ builder: 'local', chroot: chroot.name });
    const [allResult, anyResult] = await Promise.all([all.result, any.result]);
    report(allResult);
    report(anyResult);

    expect(allResult).toMatchObject({ status: 'successful', reason: 'sbuild: successful' });
    expect(allResult.files.map((file) => basename(file)).sort()).toEqual([
      'mbd-test-all_1.0~test12+1_all.deb',
      'mbd-test-all_1.0~test12+1_amd64.buildinfo',
      'mbd-test-all_1.0~test12+1_amd64.changes',
    ]);
    expect(allResult.files.every((file) => existsSync(file))).toBe(true);
    expect(allResult.stages.map((stage) => stage.name)).toEqual(expect.arrayContaining(['Start', 'Install package build dependencies', 'Build', 'Summary']));
    // The test chroot is fresh (ensureTestChroot remakes it when its packages change): no apt update of the mirror's indices.
    if (chrootIndicesFresh(chroot)) expect(allResult.stages.map((stage) => stage.name)).not.toContain('Update chroot');
    expect(await streamed).toContain('Status: successful');
    expect(await readFile(allResult.logFile, 'utf8')).toContain('Status: successful');

    // The arch:any build did not build arch:all packages, made no dbgsym, and its program runs.
    const debs = anyResult.files.filter((file) => file.endsWith('.deb')).map((file) => basename(file));
    expect(anyResult.status).toBe('successful');
    expect(debs).toEqual(['mbd-test-any_1.0~test12+1_amd64.deb']);
    const root = join(work, 'any-root');
    await execa('dpkg-deb', ['-x', anyResult.files.find((file) => file.endsWith('.deb')) ?? '', root]);
    expect((await execa(join(root, 'usr/bin/mbd-test-any'))).stdout).toBe('mbd-test-any works');

    // What the builder reactor checks next: lintian on the binaries is clean.
    const lintian = await new Lintian().check(allResult.changesFile ?? '');
    expect({ errors: lintian.errors, warnings: lintian.warnings }).toEqual({ errors: 0, warnings: 0 });
    expect(await listSchrootSessions(chroot.name)).toEqual([]);
  });

  it('reports a package that fails to build with the stage and the failing command from sbuild', async () => {
    const result = await builder.build(await job('mbd-test-ftbfs', false)).result;
    report(result);
    expect(result.status).toBe('attempted');
    expect(result.failStage).toBe('build');
    expect(result.reason).toMatch(/^sbuild: attempted at stage build: dpkg-buildpackage: error: debian\/rules binary-arch subprocess returned exit status 2$/);
    expect(result.files).toEqual([]);
    expect(result.changesFile).toBeUndefined();
    expect(await readFile(result.logFile, 'utf8')).toContain('mbd-test-ftbfs: this package fails to build on purpose');
  });

  it('cancels a running build: sbuild stops, its schroot session ends, the log so far is kept', async () => {
    const cancel = new AbortController();
    const run = builder.build({ ...(await job('mbd-test-all', true)), buildId: 'cancelled-1', outputDir: join(work, 'cancelled') }, cancel.signal);
    const lines: string[] = [];
    run.log.subscribe((line) => {
      lines.push(line);
      if (line.startsWith('| Install package build dependencies')) cancel.abort();
    });
    const started = performance.now();
    const error: unknown = await run.result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BuildCancelledError);
    expect((performance.now() - started) / 1000).toBeLessThan(90);
    expect(lines).not.toContain('Status: successful');
    expect(existsSync((error as BuildCancelledError).logFile ?? '')).toBe(true);
    expect(await listSchrootSessions(chroot.name)).toEqual([]);
    expect((await execa('pgrep', ['-f', 'sbuild.*cancelled'], { reject: false })).stdout).toBe('');
  });
});
