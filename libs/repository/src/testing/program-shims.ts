import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Programs put first on PATH by a test, each logging how it was called. */
export interface ProgramShims {
  /**
   * Puts `name` first on PATH: it logs its arguments, then runs `body` (default: the real `name` found
   * on the PATH as it was, with the same arguments; e.g. `exit 1` to make it fail).
   */
  shim(name: string, body?: string): Promise<void>;
  /** The calls logged so far, `<name> <arguments>` each. */
  calls(): Promise<string[]>;
  /** Forgets the calls logged so far. */
  clear(): Promise<void>;
  /** Puts PATH back as it was. */
  restore(): void;
}

/** Prepends `<dir>/bin` to this process's PATH (which the programs it starts inherit) for program shims. */
export async function shimPrograms(dir: string): Promise<ProgramShims> {
  const path = process.env.PATH ?? '';
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls');
  await mkdir(bin, { recursive: true });
  process.env.PATH = `${bin}${delimiter}${path}`;
  return {
    async shim(name, body = `PATH='${path}' exec ${name} "$@"`) {
      await writeFile(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${log}'\n${body}\n`);
      await chmod(join(bin, name), 0o755);
    },
    calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean),
    clear: () => writeFile(log, ''),
    restore() {
      process.env.PATH = path;
    },
  };
}
