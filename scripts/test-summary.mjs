// Prints the plain closing line CI reads ("N passed, N failed, N skipped") from vitest JSON reports.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0, failed = 0, skipped = 0;
const args = process.argv.slice(2);
// Checks given as --name=passed|failed count as one test each (type check, lint).
for (const arg of args.filter((a) => a.startsWith('--'))) {
  const [name, result] = arg.slice(2).split('=');
  if (result === 'passed') passed += 1; else { failed += 1; console.error(`check failed: ${name}`); }
}
for (const file of args.filter((a) => !a.startsWith('--'))) {
  if (!existsSync(file)) { failed += 1; console.error(`no report ${file}: the runner did not finish`); continue; }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults ?? []) {
    if ((suite.assertionResults ?? []).length === 0 && suite.status === 'failed') { failed += 1; console.error(`failed to load: ${suite.name}: ${suite.message ?? ''}`); }
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'passed') passed += 1;
      else if (test.status === 'failed') failed += 1;
      else skipped += 1;
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
