import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuilderErrorCode, LintianTimedOutError } from '../errors.js';
import { Lintian } from './lintian.adapter.js';

/** Running (a killed process may stay a zombie until its new parent reaps it). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('Lintian bounds (a stand-in lintian that never ends)', () => {
  let dir: string;
  let program: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mbd-lintian-bounds-'));
    program = join(dir, 'slow-lintian');
    // Like lintian unpacking a hostile source: it starts a child that would outlive it, and ignores SIGTERM.
    await writeFile(
      program,
      `#!/bin/sh\ntrap '' TERM\nsleep 600 &\necho $! > "${join(dir, 'child.pid')}"\necho $$ > "${join(dir, 'self.pid')}"\nnice > "${join(dir, 'nice')}"\nwait\n`,
    );
    await chmod(program, 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops lintian and everything it started after the time limit, with a typed error naming the limit', async () => {
    const lintian = new Lintian({ program, timeoutSeconds: 1, killGraceMs: 300 });
    const began = performance.now();
    const error: unknown = await lintian.check('/srv/incoming/hello_1.0-1.dsc').catch((caught: unknown) => caught);
    expect(performance.now() - began).toBeLessThan(5000);
    expect(error).toBeInstanceOf(LintianTimedOutError);
    expect((error as LintianTimedOutError).code).toBe(BuilderErrorCode.LintianTimedOut);
    expect((error as LintianTimedOutError).seconds).toBe(1);
    expect((error as Error).message).toBe('lintian did not finish checking hello_1.0-1.dsc within 1 s (MBD_LINTIAN_TIMEOUT_S) and was stopped');

    const child = Number(await readFile(join(dir, 'child.pid'), 'utf8'));
    const self = Number(await readFile(join(dir, 'self.pid'), 'utf8'));
    for (let wait = 0; wait < 20 && (alive(self) || alive(child)); wait += 1) await sleep(100);
    expect(alive(self)).toBe(false);
    expect(alive(child)).toBe(false);
    // It ran below the daemon's priority.
    expect(Number(await readFile(join(dir, 'nice'), 'utf8'))).toBeGreaterThanOrEqual(10);
  });
});
