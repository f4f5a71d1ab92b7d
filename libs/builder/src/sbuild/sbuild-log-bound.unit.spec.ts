import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChrootManager } from '../chroot/chroot-manager.js';
import { SbuildBuilder } from './sbuild.adapter.js';

const fixture = fileURLToPath(new URL('./testing/sbuild-attempted.log', import.meta.url));

describe('SbuildBuilder log bound (a stand-in sbuild that prints a 1.5 MiB log)', () => {
  let dir: string;
  let program: string;
  const chroots = { require: () => Promise.resolve({ name: 'fake-bookworm-amd64', mode: 'unshare', tarball: { path: '/nonexistent.tar.zst' } }) } as unknown as ChrootManager;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-sbuild-log-bound-'));
    program = join(dir, 'sbuild');
    // sbuild's real failing log with 20000 noisy lines in the middle of its build, before the failure and the Summary.
    await writeFile(program, `#!/bin/sh\nhead -n 150 '${fixture}'\nyes 'compiling something very noisy, over and over, line after line' | head -n 20000\ntail -n +151 '${fixture}'\nexit 1\n`);
    await chmod(program, 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the log within MBD_BUILD_LOG_MAX_BYTES with a marker, and still reads the status and reason from its end', async () => {
    const maxBytes = 64 * 1024;
    const builder = new SbuildBuilder({ chroots, program, logMaxBytes: maxBytes });
    const run = builder.build({
      buildId: 'b1',
      dsc: join(dir, 'mbd-test-ftbfs_1.0~test12+1.dsc'),
      distribution: 'bookworm-test-unstable',
      codename: 'bookworm',
      architecture: 'amd64',
      archAll: false,
      outputDir: join(dir, 'out'),
    });
    const live = firstValueFrom(run.log.pipe(toArray()));
    const result = await run.result;

    expect(result.status).toBe('attempted');
    expect(result.failStage).toBe('build');
    expect(result.reason).toBe('sbuild: attempted at stage build: dpkg-buildpackage: error: debian/rules binary-arch subprocess returned exit status 2');
    expect(result.logFile).toBe(join(dir, 'out', 'mbd-test-ftbfs_1.0~test12+1_amd64.build'));
    expect((await stat(result.logFile)).size).toBeLessThanOrEqual(maxBytes + 200);
    const text = await readFile(result.logFile, 'utf8');
    expect(text).toMatch(/^\[mbd\] build log truncated: \d+ bytes in \d+ lines left out here \(bound 65536 bytes, MBD_BUILD_LOG_MAX_BYTES\)$/m);
    expect(text).toContain('Status: attempted');
    expect(text.split('\n')[0]).toBe((await readFile(fixture, 'utf8')).split('\n')[0]); // and its beginning

    const lines = await live;
    expect(lines.join('\n').length).toBeLessThan(maxBytes + 1000);
    expect(lines).toContain('Status: attempted');
    expect(lines.some((line) => line.includes('over its bound of 65536 bytes'))).toBe(true);
  });
});
