/**
 * `npm run bench`: runs every benchmark under bench/ (each a module exporting `run()`), or only those
 * named on the command line (`npm run bench -- event-store gpg`), and prints their medians.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import startPostgres from '../test/support/postgres.global-setup.js';
import type { BenchResult } from './bench-result.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const modules = (await readdir(here)).filter((file) => file.endsWith('.bench.js')).sort();
let failures = 0;
// PostgreSQL figures need a server: a throwaway cluster on 127.0.0.1, as the tests use (skipped if none can start).
const stopPostgres = await startPostgres().catch((error: unknown) => console.log(`no PostgreSQL for the benches: ${String(error)}`));
if (process.env.MBD_TEST_POSTGRES_URL) process.env.MBD_BENCH_POSTGRES_URL ??= process.env.MBD_TEST_POSTGRES_URL;
for (const file of modules) {
  const name = file.replace(/\.bench\.js$/, '');
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name}`);
  try {
    const { run } = (await import(join(here, file))) as { run: () => Promise<BenchResult[]> };
    for (const result of await run()) {
      const value = result.value >= 100 ? Math.round(result.value).toLocaleString('en') : result.value.toFixed(2);
      console.log(`${result.name.padEnd(58)} ${value.padStart(12)} ${result.unit}${result.note ? `  (${result.note})` : ''}`);
    }
  } catch (error) {
    failures += 1;
    console.log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
if (typeof stopPostgres === 'function') stopPostgres();
process.exit(failures > 0 ? 1 : 0);
