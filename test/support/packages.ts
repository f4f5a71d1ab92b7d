/** Test packages (test/packages/*) built with the real Debian tools, for uploads and installs. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packages = join(process.cwd(), 'test/packages');

const setVersion = (tree: string, pkg: string, version: string) => {
  const changelog = join(tree, 'debian/changelog');
  writeFileSync(changelog, readFileSync(changelog, 'utf8').replace(new RegExp(`^${pkg} \\([^)]*\\)`), `${pkg} (${version})`));
};

/** The unsigned source upload (.dsc, tarball, _source.changes) of a test package; returns the .changes path. */
export async function buildSourceUpload(pkg: string, version?: string): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), `mbd-src-${pkg}-`));
  const { stdout } = await run('bash', [join(packages, 'build-source.sh'), pkg, out, ...(version ? [version] : [])]);
  return stdout.trim().split('\n').at(-1)!;
}

/** A binary-only upload of an arch:all test package built on this host (dpkg-buildpackage -b); returns the .changes path. */
export async function buildBinaryUpload(pkg: string, version: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), `mbd-bin-${pkg}-`));
  const tree = join(work, `${pkg}-${version}`);
  cpSync(join(packages, pkg), tree, { recursive: true });
  setVersion(tree, pkg, version);
  await run('dpkg-buildpackage', ['-b', '-us', '-uc', '--no-sign'], { cwd: tree, env: { ...process.env, DEB_BUILD_OPTIONS: 'noautodbgsym' } });
  const changes = readdirSync(work).find((name) => name.endsWith('.changes'));
  if (!changes) throw new Error(`dpkg-buildpackage made no .changes in ${work}`);
  return join(work, changes);
}
