import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';

export interface SourceUpload {
  readonly dir: string;
  /** Absolute path of the `<source>_<version>_source.changes`. */
  readonly changes: string;
  /** Absolute paths of the files the .changes lists (.dsc, .tar.xz). */
  readonly files: readonly string[];
}

/**
 * Builds a tiny unsigned `3.0 (native)` source-only upload with the real tools
 * (dpkg-source -b, dpkg-genchanges -S; debian-toolchain.md section 3), for incoming tests.
 */
export async function makeSourceUpload(
  dir: string,
  { source = 'hello-incoming', version = '1.0', distribution = 'bookworm-test-unstable' } = {},
): Promise<SourceUpload> {
  const tree = join(dir, `${source}-${version}`);
  await mkdir(join(tree, 'debian', 'source'), { recursive: true });
  const write = (path: string, text: string): Promise<void> => writeFile(join(tree, path), text);
  await write('debian/source/format', '3.0 (native)\n');
  await write(
    'debian/control',
    `Source: ${source}\nMaintainer: Incoming Test <incoming@example.invalid>\nSection: misc\nPriority: optional\n` +
      'Build-Depends: debhelper-compat (= 13)\nStandards-Version: 4.6.2\nRules-Requires-Root: no\n\n' +
      `Package: ${source}\nArchitecture: all\nDescription: incoming test package\n Used by the incoming tests of mbd.\n`,
  );
  await write('debian/rules', '#!/usr/bin/make -f\n%:\n\tdh $@\n');
  await chmod(join(tree, 'debian/rules'), 0o755);
  await write(
    'debian/changelog',
    `${source} (${version}) ${distribution}; urgency=medium\n\n  * Test upload.\n\n -- Incoming Test <incoming@example.invalid>  Tue, 24 Nov 2026 12:00:00 +0000\n`,
  );
  await execa('dpkg-source', ['-b', `${source}-${version}`], { cwd: dir });
  const { stdout } = await execa('dpkg-genchanges', ['-S'], { cwd: tree });
  const changes = join(dir, `${source}_${version}_source.changes`);
  await writeFile(changes, `${stdout}\n`);
  return { dir, changes, files: [join(dir, `${source}_${version}.dsc`), join(dir, `${source}_${version}.tar.xz`)] };
}
