/** End-to-end tests run the compiled daemon: build it once before they start. */
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit', cwd: new URL('../../', import.meta.url).pathname });
}
