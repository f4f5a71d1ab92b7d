/** Everything a PrivateApt sees after `update`: every binary package of every suite, from apt's own lists. */
import { execFile } from 'node:child_process';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { PrivateApt } from './apt.js';

const run = promisify(execFile);

/**
 * `{ suite: { package: version } }` of every Packages index apt fetched (apt keeps them compressed;
 * `apt-get indextargets` names them, apt-helper cat-file reads them).
 */
export async function aptContents(apt: PrivateApt): Promise<Record<string, Record<string, string>>> {
  const { stdout } = await apt.apt('apt-get', 'indextargets', '--format', '$(FILENAME)', 'Identifier: Packages');
  const contents: Record<string, Record<string, string>> = {};
  for (const file of stdout.split('\n').filter((line) => line.trim() !== '')) {
    const suite = /_dists_(.+?)_main_binary-/.exec(basename(file))?.[1] ?? file;
    const packages = (contents[suite] ??= {});
    const { stdout: index } = await run('/usr/lib/apt/apt-helper', ['cat-file', file], { maxBuffer: 64 * 1024 * 1024 });
    for (const stanza of index.split(/\n\n+/)) {
      const pkg = /^Package: (.+)$/m.exec(stanza)?.[1];
      const version = /^Version: (.+)$/m.exec(stanza)?.[1];
      if (pkg && version) packages[pkg] = version;
    }
  }
  return contents;
}

/** Runs apt-get with the PrivateApt's configuration in `cwd` (for `download` and `source`, which write there). */
export async function aptGetIn(apt: PrivateApt, cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('apt-get', args, { cwd, env: { ...process.env, APT_CONFIG: join(apt.dir, 'apt.conf'), LC_ALL: 'C' }, maxBuffer: 16 * 1024 * 1024 });
}
