import { readdir, readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePackageName } from '../names/package-name.js';
import { formatVersion, parseVersion } from '../version/debian-version.js';
import { parseChangelog } from './parse-changelog.js';
import { prependChangelogEntry, writePortEntry } from './write-changelog-entry.js';

interface DpkgEntry {
  source: string;
  version: string;
  distributions: string[];
  urgency: string;
  maintainer: string;
  date: string;
  changes: string[];
}

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/** Every entry of each file as dpkg's own changelog parser (Dpkg::Changelog::Debian) reads it; null when dpkg reports parse errors. */
async function dpkgEntries(files: string[]): Promise<Array<DpkgEntry[] | null>> {
  const script = `use Dpkg::Changelog::Debian; use JSON::PP;
    for my $f (@ARGV) {
      my $c = Dpkg::Changelog::Debian->new(verbose => 0); $c->load($f);
      if (scalar($c->get_parse_errors())) { print "null\\n"; next; }
      print JSON::PP->new->encode([map { { source => $_->get_source, version => "" . $_->get_version, distributions => [$_->get_distributions],
        urgency => $_->get_urgency, maintainer => $_->get_maintainer, date => $_->get_timestamp, changes => $_->get_part('changes') } } @$c]), "\\n";
    }`;
  const { stdout } = await execa('perl', ['-e', script, ...files]);
  return stdout.split('\n').map((line) => JSON.parse(line) as DpkgEntry[] | null);
}

/** Change lines as dpkg gives them (indented, blank lines around the block dropped) in our form. */
const dpkgChanges = (lines: string[]): string[] => {
  const out = lines.map((line) => (line.trim() === '' ? '' : line.slice(2)));
  while (out[0] === '') out.shift();
  while (out.at(-1) === '') out.pop();
  return out;
};

describe('parseChangelog agrees with dpkg', () => {
  it('on every entry of 120 real changelogs installed on this machine', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mbd-changelog-'));
    dirs.push(dir);
    const packages = (await readdir('/usr/share/doc')).sort();
    const files: string[] = [];
    for (const name of packages) {
      if (files.length >= 120) break;
      if (packages.indexOf(name) % 5 !== 0) continue;
      const bytes = await readFile(join('/usr/share/doc', name, 'changelog.Debian.gz')).catch(() => undefined);
      if (bytes === undefined) continue;
      files.push(join(dir, `${name}.changelog`));
      await writeFile(files.at(-1)!, gunzipSync(bytes));
    }
    expect(files.length).toBeGreaterThan(80);
    const oracle = await dpkgEntries(files);
    let compared = 0;
    for (const [index, file] of files.entries()) {
      const expected = oracle[index];
      if (expected === null) continue;
      const ours = parseChangelog(await readFile(file), { maxBytes: 16 * 1024 * 1024 }).map((entry) => ({
        source: entry.package,
        version: formatVersion(entry.version),
        distributions: entry.distributions,
        urgency: entry.urgency,
        maintainer: entry.maintainer,
        date: entry.date,
        changes: entry.changes,
      }));
      expect(ours, file).toEqual(expected!.map((entry) => ({ ...entry, version: formatVersion(parseVersion(entry.version)), changes: dpkgChanges(entry.changes) })));
      compared += ours.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('writes a port entry that dpkg-parsechangelog reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mbd-changelog-'));
    dirs.push(dir);
    const previous = 'hello (2.10-3) unstable; urgency=low\n\n  * Old.\n\n -- A B <a@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n';
    const entry = writePortEntry({
      package: parsePackageName('hello'),
      version: parseVersion('2.10-3~test12+1'),
      distribution: 'bookworm-test-unstable',
      maintainer: 'Mbd Daemon <mbd@example.org>',
      date: new Date('2026-11-25T06:40:00Z'),
    });
    await writeFile(join(dir, 'changelog'), prependChangelogEntry(previous, entry));
    const { stdout } = await execa('dpkg-parsechangelog', ['-l', join(dir, 'changelog')]);
    expect(stdout).toMatch(/^Source: hello$/m);
    expect(stdout).toMatch(/^Version: 2\.10-3~test12\+1$/m);
    expect(stdout).toMatch(/^Distribution: bookworm-test-unstable$/m);
    expect(stdout).toMatch(/^Maintainer: Mbd Daemon <mbd@example.org>$/m);
    expect(stdout).toMatch(/^Date: Wed, 25 Nov 2026 06:40:00 \+0000$/m);
    expect(stdout).toMatch(/^ {3}\* Rebuild\/port for bookworm-test-unstable\.$/m);
    const { stdout: count } = await execa('dpkg-parsechangelog', ['-l', join(dir, 'changelog'), '--all', '-S', 'Version']);
    expect(count).toContain('2.10-3');
  });
});
