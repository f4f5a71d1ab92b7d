/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the integration tests (Debian's
 * postgresql package; installed if missing when running as root) and exports its URL as
 * MBD_TEST_POSTGRES_URL. Tests that need it skip with a reason when it could not be started.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

function findBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(base, version, 'bin');
    if (existsSync(join(bin, 'initdb'))) return bin;
  }
  return undefined;
}

export default async function setup(): Promise<(() => void) | void> {
  if (process.env.MBD_TEST_POSTGRES_URL) return;
  let bin = findBin();
  const isRoot = process.getuid?.() === 0;
  if (!bin && isRoot) {
    spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'postgresql'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    bin = findBin();
  }
  if (!bin) {
    process.env.MBD_TEST_POSTGRES_SKIP = 'PostgreSQL is not installed (apt-get install postgresql)';
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mbd-pg-'));
  const port = await freePort();
  const asUser = (args: string[]) =>
    isRoot ? execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe' }) : execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });
  if (isRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  asUser([join(bin, 'initdb'), '-D', join(dir, 'db'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  asUser([
    join(bin, 'pg_ctl'), '-D', join(dir, 'db'), '-l', join(dir, 'log'), '-w',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`, 'start',
  ]);
  process.env.MBD_TEST_POSTGRES_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return () => {
    try {
      asUser([join(bin!, 'pg_ctl'), '-D', join(dir, 'db'), '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
