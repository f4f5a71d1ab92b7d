/**
 * A follower of the log that cannot do its work (here: reprepro's lock is held) retries, then parks
 * the event with the reason and goes on; `mbd status` shows it with the command that retries it, and
 * `mbd retry archive@<position>` publishes it once the cause is gone.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, settled, startDaemon, type RunningDaemon } from '../support/daemon.js';

interface Parked {
  position: number;
  eventType: string;
  reason: string;
}
interface Follower {
  name: string;
  lag: number;
  parked: Parked[];
}

describe('a parked event and its retry', () => {
  let daemon: RunningDaemon;
  const archive = async (): Promise<Follower> =>
    (await daemon.api<{ followers: Follower[] }>('GET', '/api/status', undefined, false)).body.followers.find((follower) => follower.name === 'archive')!;
  const release = () => readFileSync(join(daemon.dataDir, 'repositories', 'test', 'dists', 'bookworm-test-unstable', 'Release'), 'utf8');

  beforeAll(async () => {
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '0' } });
    await settled(daemon);
  });
  afterAll(async () => {
    await daemon?.stop();
    if (daemon) removeDataDir(daemon);
  });

  it('parks a repository change reprepro cannot apply, goes on, shows it in mbd status, and publishes it on mbd retry', async () => {
    const lock = join(daemon.dataDir, 'repositories', 'test', 'db', 'lockfile');
    expect(existsSync(join(daemon.dataDir, 'repositories', 'test', 'db'))).toBe(true);
    writeFileSync(lock, '');
    const [sandbox] = (await daemon.api<{ codenames: { architectures: { architecture: string; optional: boolean }[] }[] }[]>('GET', '/api/repositories', undefined, false)).body;
    const codenames = sandbox!.codenames.map((codename) => ({ ...codename, architectures: [...codename.architectures, { architecture: 'arm64', optional: true }] }));
    const changed = await daemon.api('PUT', '/api/repositories/test', { ...sandbox, codenames });
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);

    // About a minute of back-off, then the change is parked with reprepro's message and the follower goes on.
    await expect.poll(async () => (await archive()).parked, { timeout: 180_000, interval: 1_000 }).toHaveLength(1);
    const [parked] = (await archive()).parked;
    expect(parked).toMatchObject({ eventType: 'RepositoryChanged' });
    expect(parked!.reason).toMatch(/reprepro/);
    await expect.poll(async () => (await archive()).lag, { timeout: 30_000 }).toBe(0);
    expect(release()).not.toMatch(/arm64/);

    const status = await daemon.cli('status');
    expect(status.stdout).toContain(`parked: archive@${parked!.position} (RepositoryChanged)`);
    expect(status.stdout).toContain(`retry with: mbd retry archive@${parked!.position}`);

    rmSync(lock);
    const retried = await daemon.cli('retry', `archive@${parked!.position}`);
    expect(retried.code, retried.stderr).toBe(0);
    await expect.poll(release, { timeout: 60_000 }).toMatch(/^Architectures: .*arm64/m);
    await settled(daemon);
    expect(await archive()).toMatchObject({ parked: [], lag: 0 });
    const again = await daemon.cli('retry', `archive@${parked!.position}`);
    expect(again.code).not.toBe(0);
    expect(again.stderr + again.stdout).toContain(`archive has no parked event at position ${parked!.position}`);
  });
});
