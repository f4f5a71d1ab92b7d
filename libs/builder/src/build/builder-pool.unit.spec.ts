import { firstValueFrom, ReplaySubject, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { BuildCancelledError } from '../errors.js';
import { BuilderPool } from './builder-pool.js';
import { Builder, type BuildJob, type BuildResult, type BuildRun } from './builder.port.js';

/** A builder whose builds end when the test says so, or reject when their signal aborts. */
class FakeBuilder extends Builder {
  readonly name = 'fake';
  readonly started: string[] = [];
  private readonly finishers = new Map<string, () => void>();

  build(job: BuildJob, signal?: AbortSignal): BuildRun {
    this.started.push(job.buildId);
    const log = new ReplaySubject<string>();
    log.next(`building ${job.buildId}`);
    const result = new Promise<BuildResult>((resolve, reject) => {
      this.finishers.set(job.buildId, () => {
        log.complete();
        resolve({ buildId: job.buildId, status: 'successful', reason: 'sbuild: successful', files: [], logFile: '/log', seconds: 1, summary: {}, stages: [] });
      });
      signal?.addEventListener('abort', () => {
        log.complete();
        reject(new BuildCancelledError(job.buildId, '/log'));
      });
    });
    return { started: Promise.resolve({ builder: this.name, chroot: 'mbd-bookworm-amd64', at: new Date() }), log, result };
  }

  finish(buildId: string): void {
    this.finishers.get(buildId)?.();
  }
}

const job = (buildId: string): BuildJob => ({ buildId, dsc: '/x.dsc', distribution: 'bookworm-test-unstable', codename: 'bookworm', architecture: 'amd64', archAll: true, outputDir: `/out/${buildId}` });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('BuilderPool', () => {
  it('runs at most `slots` builds at once and starts waiting ones in order as slots free up', async () => {
    const fake = new FakeBuilder();
    const pool = new BuilderPool(fake, 2);
    const runs = ['a', 'b', 'c', 'd'].map((id) => pool.build(job(id)));
    expect(fake.started).toEqual(['a', 'b']);
    expect(pool.load).toEqual({ running: 2, waiting: 2 });
    fake.finish('b');
    await runs[1]?.result;
    await tick();
    expect(fake.started).toEqual(['a', 'b', 'c']);
    fake.finish('a');
    fake.finish('c');
    await tick();
    expect(fake.started).toEqual(['a', 'b', 'c', 'd']);
    fake.finish('d');
    await expect(runs[3]?.result).resolves.toMatchObject({ buildId: 'd', status: 'successful' });
    await expect(runs[3]?.started).resolves.toMatchObject({ builder: 'fake', chroot: 'mbd-bookworm-amd64' });
    expect(await firstValueFrom(runs[3]!.log.pipe(toArray()))).toEqual(['building d']);
    expect(pool.load).toEqual({ running: 0, waiting: 0 });
  });

  it('never starts a build cancelled while it waits, and frees nothing it did not take', async () => {
    const fake = new FakeBuilder();
    const pool = new BuilderPool(fake, 1);
    const first = pool.build(job('a'));
    const cancel = new AbortController();
    const second = pool.build(job('b'), cancel.signal);
    cancel.abort();
    await expect(second.result).rejects.toBeInstanceOf(BuildCancelledError);
    await expect(second.started).rejects.toBeInstanceOf(BuildCancelledError);
    expect(pool.load).toEqual({ running: 1, waiting: 0 });
    fake.finish('a');
    await first.result;
    expect(fake.started).toEqual(['a']);
  });

  it('cancels running and waiting builds on shutdown', async () => {
    const fake = new FakeBuilder();
    const pool = new BuilderPool(fake, 1);
    const running = pool.build(job('a'));
    const waiting = pool.build(job('b'));
    await pool.onModuleDestroy();
    await expect(running.result).rejects.toBeInstanceOf(BuildCancelledError);
    await expect(waiting.result).rejects.toBeInstanceOf(BuildCancelledError);
    expect(fake.started).toEqual(['a']);
  });

  it('builds nothing with 0 slots', () => {
    const fake = new FakeBuilder();
    const pool = new BuilderPool(fake, 0);
    void pool.build(job('a')).result.catch(() => undefined);
    expect(fake.started).toEqual([]);
    expect(pool.load).toEqual({ running: 0, waiting: 1 });
  });
});
