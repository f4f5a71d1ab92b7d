/**
 * dput-ng, Debian's package, for tests: it conflicts with dput (installed here), so its .debs are
 * fetched with `apt-get download` and unpacked with `dpkg -x` into a cache directory, and it runs from
 * there (PYTHONPATH; its own configuration tree as the `skel/` it reads from the working directory).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const cache = join(tmpdir(), 'mbd-test-dput-ng');

/** Unpacks dput-ng and python3-dput once (downloaded from the machine's apt sources) and returns the unpacked root. */
export async function dputNgRoot(): Promise<string> {
  const root = join(cache, 'root');
  if (existsSync(join(root, 'usr/bin/dput'))) return root;
  const work = mkdtempSync(join(tmpdir(), 'mbd-dput-ng-'));
  try {
    await run('apt-get', ['download', 'dput-ng', 'python3-dput'], { cwd: work });
    const unpacked = join(work, 'root');
    for (const deb of readdirSync(work).filter((name) => name.endsWith('.deb'))) await run('dpkg', ['-x', join(work, deb), unpacked]);
    mkdirSync(cache, { recursive: true });
    rmSync(root, { recursive: true, force: true });
    renameSync(unpacked, root);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return root;
}

/**
 * Runs dput-ng's own `dput <profile> <changes>` with `profile` (the JSON a server serves) as the user's
 * `~/.dput.d/profiles/<name>.json`; `env` adds e.g. GNUPGHOME for its signature check.
 */
export async function dputNg(profileName: string, profile: string, changes: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const root = await dputNgRoot();
  const home = mkdtempSync(join(tmpdir(), 'mbd-dput-ng-home-'));
  try {
    const profiles = join(home, '.dput.d', 'profiles');
    mkdirSync(profiles, { recursive: true });
    writeFileSync(join(profiles, `${profileName}.json`), profile);
    // dput-ng reads its uploaders, hooks and schemas from /usr/share/dput-ng and /etc/dput.d, or `skel/` in the working directory.
    // (Its READMEs are absolute symbolic links into /usr/share, which is not where it is unpacked: left out.)
    const files = (path: string) => !lstatSync(path).isSymbolicLink();
    cpSync(join(root, 'usr/share/dput-ng'), join(home, 'skel'), { recursive: true, filter: files });
    cpSync(join(root, 'etc/dput.d'), join(home, 'skel'), { recursive: true, filter: files });
    return await run('/usr/bin/python3', [join(root, 'usr/bin/dput'), profileName, changes], {
      cwd: home,
      env: { ...process.env, ...env, HOME: home, PYTHONPATH: join(root, 'usr/lib/python3/dist-packages') },
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
