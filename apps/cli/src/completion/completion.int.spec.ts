import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../main.js';
import { demoProgram } from '../testing/demo-program.js';
import { bashCompletion } from './bash-completion.js';
import { commandTree } from './command-tree.js';
import { zshCompletion } from './zsh-completion.js';

const exec = promisify(execFile);
/** What the daemon would list for `<program> completion values <kind>` (a shell function stands in for the program). */
const distributions = ['bookworm-test-unstable', 'bookworm-test-testing', 'bookworm-test-stable'];

/** Completes `line` (ending where TAB is pressed) in real bash, as bash's programmable completion calls the function `complete -p` names. */
async function bashCandidates(script: string, line: string): Promise<string[]> {
  const words = line.split(' ');
  const program = words[0]!;
  const driver = [
    `source ${JSON.stringify(script)}`,
    `${program}() { [[ $1 == completion && $2 == values && $3 == distribution ]] && printf '%s\\n' ${distributions.join(' ')}; }`,
    `spec=$(complete -p ${program}) || exit 3`,
    'function=${spec#*-F }; function=${function%% *}',
    `COMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMP_LINE=${JSON.stringify(line)}; COMP_POINT=${line.length}`,
    '"$function" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"',
    "printf '%s\\n' \"${COMPREPLY[@]}\"",
  ].join('\n');
  const { stdout } = await exec('bash', ['--norc', '--noprofile', '-c', driver], { timeout: 30_000 });
  return stdout.split('\n').filter(Boolean).sort();
}

/** Completes `line` in a real interactive zsh (on a pseudo-terminal, compinit loaded, TAB pressed): what its completion system offers. */
async function zshCandidates(script: string, line: string): Promise<string[]> {
  const harness = fileURLToPath(new URL('../testing/zsh-complete.zsh', import.meta.url));
  const env = { ...process.env, COMPLETION_VALUES: distributions.join(' ') };
  const { stdout } = await exec('zsh', ['-f', harness, script, line.split(' ')[0]!, line], { timeout: 60_000, env }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  // _files may add the same match twice (one pass per file pattern); the menu shows it once.
  return [...new Set([...stdout.matchAll(/<<([^>]*)>>/g)].flatMap((match) => match[1]!.split(' ')).filter(Boolean))].sort();
}

const hasZsh = await exec('zsh', ['-f', '-c', 'zmodload zsh/zpty']).then(
  () => true,
  () => false,
);

let dir: string;
const scripts: Record<'bash' | 'zsh', Record<'demo' | 'mbd', string>> = { bash: { demo: '', mbd: '' }, zsh: { demo: '', mbd: '' } };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mbd-completion-'));
  mkdirSync(join(dir, 'out-dir'));
  writeFileSync(join(dir, 'pkg_1.0_amd64.changes'), '');
  const programs: Record<'demo' | 'mbd', Command> = { demo: demoProgram(), mbd: createProgram() };
  for (const [shell, generate] of [['bash', bashCompletion], ['zsh', zshCompletion]] as const) {
    for (const [name, program] of Object.entries(programs) as ['demo' | 'mbd', Command][]) {
      scripts[shell][name] = join(dir, `${name}.${shell}`);
      writeFileSync(scripts[shell][name], generate(commandTree(program)));
    }
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The same expectations in both shells (zsh also offers each option's short and long flag). */
const cases: [line: () => string, expected: string[] | (() => string[])][] = [
  [() => 'demo po', ['port', 'port-ext']],
  [() => 'demo chroot c', ['create']],
  [() => 'demo chroot l', ['list', 'ls']],
  [() => 'demo port-ext --a', ['--allow-unauthenticated']],
  [() => 'demo events --order d', ['desc']],
  [() => 'demo port hello ', distributions],
  [() => 'demo port hello bookworm-test-unstable bookworm-test-s', ['bookworm-test-stable']],
  [() => 'demo port --version 1.0 hello bookworm-test-u', ['bookworm-test-unstable']],
  [() => 'demo help p', ['port', 'port-ext']],
  [() => `demo install ${dir}/pkg`, () => [join(dir, 'pkg_1.0_amd64.changes')]],
  [() => `demo chroot create --out ${dir}/out`, () => [join(dir, 'out-dir')]],
  [() => 'mbd chroot c', ['create']],
  [() => 'mbd verify', ['verify-log']],
  [() => 'mbd events --fo', ['--follow']],
  [() => 'mbd migrate bookworm-test-t', ['bookworm-test-testing']],
  [() => 'mbd completion ', ['bash', 'help', 'zsh']],
];

describe('bash completion (real bash, the function `complete -p` registers)', () => {
  it.each(cases)('%s', async (line, expected) => {
    const typed = line();
    const program = typed.split(' ')[0] as 'demo' | 'mbd';
    expect(await bashCandidates(scripts.bash[program], typed)).toEqual((typeof expected === 'function' ? expected() : expected).sort());
  });

  it('completes a value after --option= (bash splits it at =)', async () => {
    expect(await bashCandidates(scripts.bash.demo, 'demo events --order = a')).toEqual(['asc']);
  });

  it('offers nothing for free text, and no option values as commands', async () => {
    expect(await bashCandidates(scripts.bash.demo, 'demo port ')).toEqual([]);
    expect(await bashCandidates(scripts.bash.demo, 'demo events --repository ')).toEqual([]);
  });
});

describe.skipIf(!hasZsh)('zsh completion (real interactive zsh on a pty, compinit)', () => {
  it.each(cases)('%s', async (line, expected) => {
    const typed = line();
    const program = typed.split(' ')[0] as 'demo' | 'mbd';
    const offered = await zshCandidates(scripts.zsh[program], typed);
    const wanted = (typeof expected === 'function' ? expected() : expected).map((path) => path.replace(`${dir}/`, ''));
    expect(offered).toEqual(wanted.sort());
  });

  it('completes a value after --option=', async () => {
    expect(await zshCandidates(scripts.zsh.demo, 'demo events --order=a')).toEqual(['asc']);
  });
});
