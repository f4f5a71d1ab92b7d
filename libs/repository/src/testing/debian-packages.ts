import { chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

/**
 * Real Debian packages for tests and benchmarks, made by dpkg-deb and dpkg-source (never by hand):
 * small, arch:all, with the Section and Priority reprepro needs.
 */

export interface BinaryPackageSpec {
  readonly name: string;
  readonly version: string;
  /** The source it was built from (default: the package name). */
  readonly source?: string;
  readonly architecture?: string;
  /** The Description (default: `<name> for mbd's tests`); another one gives another file under the same name. */
  readonly description?: string;
}

/** Builds `<name>_<version>_<arch>.deb` in `outDir` with `dpkg-deb --build`; returns its path. */
export async function buildBinaryPackage(outDir: string, spec: BinaryPackageSpec): Promise<string> {
  const architecture = spec.architecture ?? 'all';
  const root = await mkdtemp(join(tmpdir(), `mbd-deb-${spec.name}-`));
  try {
    await mkdir(join(root, 'DEBIAN'));
    await mkdir(join(root, 'usr', 'share', 'doc', spec.name), { recursive: true });
    await writeFile(join(root, 'usr', 'share', 'doc', spec.name, 'version'), `${spec.name} ${spec.version}\n`);
    const source = spec.source && spec.source !== spec.name ? `Source: ${spec.source}\n` : '';
    await writeFile(
      join(root, 'DEBIAN', 'control'),
      `Package: ${spec.name}\n${source}Version: ${spec.version}\nArchitecture: ${architecture}\nSection: misc\nPriority: optional\n` +
        `Maintainer: mbd tests <mbd@example.org>\nDescription: ${spec.description ?? `${spec.name} for mbd's tests`}\n`,
    );
    await mkdir(outDir, { recursive: true });
    const path = join(outDir, `${spec.name}_${spec.version.replace(/^\d+:/, '')}_${architecture}.deb`);
    await execa('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', root, path]);
    return path;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export interface SourcePackageSpec {
  readonly name: string;
  readonly version: string;
  readonly binaries?: readonly string[];
}

/** Builds a native source package with `dpkg-source -b` in `outDir`; returns the paths of the .dsc and its files. */
export async function buildSourcePackage(outDir: string, spec: SourcePackageSpec): Promise<string[]> {
  const binaries = spec.binaries ?? [spec.name];
  const work = await mkdtemp(join(tmpdir(), `mbd-src-${spec.name}-`));
  const tree = join(work, `${spec.name}-${spec.version}`);
  try {
    await mkdir(join(tree, 'debian', 'source'), { recursive: true });
    await writeFile(join(tree, 'debian', 'source', 'format'), '3.0 (native)\n');
    await writeFile(
      join(tree, 'debian', 'control'),
      `Source: ${spec.name}\nSection: misc\nPriority: optional\nMaintainer: mbd tests <mbd@example.org>\n` +
        `Build-Depends: debhelper-compat (= 13)\nStandards-Version: 4.6.2\n` +
        binaries.map((name) => `\nPackage: ${name}\nArchitecture: all\nDescription: ${name} for mbd's tests\n built by the tests\n`).join(''),
    );
    await writeFile(
      join(tree, 'debian', 'changelog'),
      `${spec.name} (${spec.version}) unstable; urgency=medium\n\n  * Test package.\n\n -- mbd tests <mbd@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n`,
    );
    await writeFile(join(tree, 'debian', 'rules'), '#!/usr/bin/make -f\n%:\n\tdh $@\n');
    await chmod(join(tree, 'debian', 'rules'), 0o755);
    await execa('dpkg-source', ['-b', `${spec.name}-${spec.version}`], { cwd: work });
    await mkdir(outDir, { recursive: true });
    const made = (await readdir(work)).filter((name) => name !== `${spec.name}-${spec.version}`);
    for (const name of made) await copyFile(join(work, name), join(outDir, name));
    return made.sort().map((name) => join(outDir, name));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
