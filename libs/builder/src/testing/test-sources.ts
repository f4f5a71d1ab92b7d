import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The test source packages of test/packages. */
export type TestPackage =
  | 'mbd-test-all'
  | 'mbd-test-any'
  | 'mbd-test-ftbfs'
  | 'mbd-test-lintian'
  | 'mbd-test-qa-pass'
  | 'mbd-test-autopkgtest-fail'
  | 'mbd-test-piuparts-fail';

const buildSourceScript = fileURLToPath(new URL('../../../../test/packages/build-source.sh', import.meta.url));

/** Builds a test source package into `outDir` with test/packages/build-source.sh; returns its .dsc and _source.changes. */
export async function buildTestSource(pkg: TestPackage, outDir: string, version = '1.0~test12+1'): Promise<{ dsc: string; changes: string }> {
  const { stdout } = await execa('bash', [buildSourceScript, pkg, outDir, version]);
  return { dsc: `${outDir}/${pkg}_${version}.dsc`, changes: stdout.trim() };
}
