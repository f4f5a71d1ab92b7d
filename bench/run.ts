/**
 * `npm run bench`: runs every benchmark under bench/ (each a module exporting `run()`), or only those
 * named on the command line (`npm run bench -- event-store gpg`), and prints their medians. Figures
 * with a goal are printed with their floor and ratio, and gathered again in a table at the end.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import startPostgres from '../test/support/postgres.global-setup.js';
import { goalText, meetsGoal, ratioOf, type BenchResult } from './bench-result.js';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const modules = (await readdir(here)).filter((file) => file.endsWith('.bench.js')).sort();
let failures = 0;
const goals: BenchResult[] = [];
const figure = (value: number): string => (value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(2));
const verdict = (result: BenchResult): string => {
  const met = meetsGoal(result);
  return met === undefined ? '' : met ? 'met' : 'NOT met';
};

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
      const ratio = ratioOf(result);
      const against = result.floor ? `  floor ${figure(result.floor.value)} (${result.floor.name}), ratio ${ratio?.toFixed(2)} ×` : '';
      const goal = result.goal ? `  goal ${goalText(result)}: ${verdict(result)}` : '';
      console.log(`${result.name.padEnd(58)} ${figure(result.value).padStart(12)} ${result.unit}${result.note ? `  (${result.note})` : ''}${against}${goal}`);
      if (result.goal) goals.push(result);
    }
  } catch (error) {
    failures += 1;
    console.log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
}
if (goals.length > 0) {
  console.log('\n== goals');
  console.log(`${'what'.padEnd(58)} | ${'mbd'.padStart(14)} | ${'floor'.padStart(14)} | ${'ratio'.padStart(7)} | goal`);
  for (const result of goals) {
    const ratio = ratioOf(result);
    console.log(
      `${result.name.padEnd(58)} | ${`${figure(result.value)} ${result.unit}`.padStart(14)} | ${(result.floor ? figure(result.floor.value) : '—').padStart(14)} | ${(ratio === undefined ? '—' : `${ratio.toFixed(2)} ×`).padStart(7)} | ${goalText(result)}: ${verdict(result)}`,
    );
  }
}
if (typeof stopPostgres === 'function') stopPostgres();
process.exit(failures > 0 ? 1 : 0);
