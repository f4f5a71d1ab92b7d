/** Everything a PrivateApt sees after `update`: every binary package of every suite, from apt's own lists. */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PrivateApt } from './apt.js';

const run = promisify(execFile);

/** `{ suite: { package: version } }` of every Packages index apt fetched. */
export function aptContents(apt: PrivateApt): Record<string, Record<string, string>> {
  const lists = join(apt.dir, 'lists');
  const contents: Record<string, Record<string, string>> = {};
  for (const name of readdirSync(lists)) {
    if (!name.endsWith('_Packages')) continue;
    const suite = /_dists_(.+?)_main_binary-/.exec(name)?.[1] ?? name;
    const packages = (contents[suite] ??= {});
    for (const stanza of readFileSync(join(lists, name), 'utf8').split(/\n\n+/)) {
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
