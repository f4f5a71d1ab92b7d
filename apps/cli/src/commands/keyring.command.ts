import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { print, printTable } from '../output.js';
import { collectList } from '../list-option.js';

interface StartedUpload {
  distribution: string;
  source: string;
  version: string;
  changes: string;
  uploadId: string;
}
interface TestPackageResult extends StartedUpload {
  outcome: 'pending' | 'installed' | 'failed' | 'rejected';
  expected: 'installed' | 'failed';
}

/** How long `mbd test-packages --with-check` waits for the uploads to settle (mini-buildd's --with-check). */
const CHECK_TIMEOUT_MS = 15 * 60_000;
const POLL_MS = 5000;


export function registerKeyring(program: Command, api: ApiClient): void {
  program
    .command('keyring-packages')
    .description("build <repository>-archive-keyring through mbd's own incoming and, once installed, migrate it up the chain (mini-buildd's keyring_packages)")
    .option('-D, --distributions <dist...>', 'distributions to build it for (default: the suites whose layout says buildKeyringPackage)', collectList)
    .option('-M, --without-migration', 'leave the packages where they are installed')
    .option('--json', 'print JSON')
    .action(async (options: { distributions?: string[]; withoutMigration?: boolean; json?: boolean }) => {
      const { uploads } = await api.post<{ uploads: StartedUpload[] }>('/api/keyring-packages', { distributions: options.distributions, withoutMigration: options.withoutMigration });
      if (options.json) return print({ uploads }, true);
      printTable(uploads.map(({ distribution, source, version, changes }) => ({ distribution, source, version, changes })));
    });

  program
    .command('test-packages')
    .description("upload mbd's test sources with a fresh version (mini-buildd's test_packages); --with-check waits and fails unless archall and cpp install and ftbfs fails")
    .option('-S, --sources <source...>', 'mbd-test-archall, mbd-test-cpp, mbd-test-ftbfs (default: all three)', collectList)
    .option('-D, --distributions <dist...>', 'target distributions (default: the experimental ones)', collectList)
    .option('-A, --auto-ports <dist...>', 'auto-ports upload option: distributions to port to once installed', collectList)
    .option('-c, --with-check', 'wait (15 min at most) and check the outcomes')
    .option('--json', 'print JSON')
    .action(async (options: { sources?: string[]; distributions?: string[]; autoPorts?: string[]; withCheck?: boolean; json?: boolean }) => {
      const { uploads } = await api.post<{ uploads: StartedUpload[] }>('/api/test-packages', { sources: options.sources, distributions: options.distributions, autoPorts: options.autoPorts });
      if (!options.withCheck) {
        if (options.json) return print({ uploads }, true);
        return printTable(uploads.map(({ distribution, source, version, changes }) => ({ distribution, source, version, changes })));
      }
      const results = await waitForOutcomes(api, uploads);
      const passed = results.every((result) => result.outcome === result.expected);
      if (options.json) print({ uploads: results, passed }, true);
      else {
        printTable(results.map(({ distribution, source, version, outcome, expected }) => ({ distribution, source, version, outcome, expected })));
        console.log(passed ? 'check passed' : 'check FAILED');
      }
      if (!passed) process.exitCode = 1;
    });
}

/** Polls the outcomes, printing each change on stderr (stdout stays the answer, JSON or not), until none is pending or the deadline passed. */
async function waitForOutcomes(api: ApiClient, uploads: StartedUpload[]): Promise<TestPackageResult[]> {
  const deadline = Date.now() + CHECK_TIMEOUT_MS;
  const seen = new Map<string, string>();
  for (;;) {
    const answered = await api.get<(TestPackageResult | { uploadId: string; outcome: 'pending' })[]>('/api/test-packages/outcomes', {
      uploads: uploads.map((upload) => upload.uploadId).join(','),
    });
    // An upload incoming has not recorded yet is pending with nothing else known: what the daemon said when it started it fills in.
    const results = answered.map((result): TestPackageResult => ({ expected: 'installed', ...uploads.find((upload) => upload.uploadId === result.uploadId)!, ...result }));
    for (const result of results) {
      if (seen.get(result.uploadId) !== result.outcome) console.error(`${result.source} ${result.version} (${result.distribution}): ${result.outcome}`);
      seen.set(result.uploadId, result.outcome);
    }
    if (results.every((result) => result.outcome !== 'pending') || Date.now() >= deadline) return results;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
