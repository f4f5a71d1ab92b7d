import { describe, expect, it } from 'vitest';
import { ChrootJobs } from './chroot-jobs.js';

const clock = () => {
  let time = Date.UTC(2026, 10, 30, 10);
  return () => new Date((time += 1000));
};

describe('ChrootJobs', () => {
  it('shows a job running until its work ends, then how it ended', async () => {
    const jobs = new ChrootJobs(50, clock());
    let finish!: () => void;
    const ended = jobs.start('bookworm', 'amd64', 'create', 'admin', () => new Promise((resolve) => (finish = () => resolve({ seconds: 95, position: 7 }))));
    await Promise.resolve();
    expect(jobs.isRunning('bookworm', 'amd64')).toBe(true);
    expect(jobs.list()).toEqual([{ codename: 'bookworm', architecture: 'amd64', action: 'create', by: 'admin', startedAt: '2026-11-30T10:00:01.000Z', state: 'running' }]);
    finish();
    expect(await ended).toMatchObject({ state: 'done', seconds: 95, position: 7, finishedAt: '2026-11-30T10:00:02.000Z' });
    expect(jobs.isRunning('bookworm', 'amd64')).toBe(false);
    expect(jobs.list()[0]).toMatchObject({ state: 'done', position: 7 });
  });

  it('records a failure with its reason, and keeps the latest job per chroot, newest first', async () => {
    const jobs = new ChrootJobs(50, clock());
    await jobs.start('bookworm', 'amd64', 'create', 'admin', async () => {
      throw new Error('the chroot bookworm/amd64 exists already');
    });
    await jobs.start('trixie', 'arm64', 'create', 'admin', async () => ({ seconds: 1 }));
    await jobs.start('bookworm', 'amd64', 'update', 'alice', async () => ({ seconds: 2 }));
    expect(jobs.list().map((job) => [job.codename, job.action, job.state, job.error])).toEqual([
      ['bookworm', 'update', 'done', undefined],
      ['trixie', 'create', 'done', undefined],
    ]);
    const failing = new ChrootJobs();
    expect(await failing.start('sid', 'amd64', 'update', 'admin', () => Promise.reject(new Error('busy')))).toMatchObject({ state: 'failed', error: 'busy' });
  });

  it('forgets the oldest finished jobs beyond its capacity, never a running one', async () => {
    const jobs = new ChrootJobs(2, clock());
    void jobs.start('a', 'amd64', 'create', 'admin', () => new Promise(() => undefined));
    await jobs.start('b', 'amd64', 'create', 'admin', async () => ({ seconds: 1 }));
    await jobs.start('c', 'amd64', 'create', 'admin', async () => ({ seconds: 1 }));
    expect(jobs.list().map((job) => job.codename)).toEqual(['c', 'a']);
  });
});
