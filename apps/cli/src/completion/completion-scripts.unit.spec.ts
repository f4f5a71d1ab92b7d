import { describe, expect, it } from 'vitest';
import { demoProgram } from '../testing/demo-program.js';
import { bashCompletion } from './bash-completion.js';
import { commandTree } from './command-tree.js';
import { zshCompletion } from './zsh-completion.js';

describe('completion scripts of a small program', () => {
  const tree = commandTree(demoProgram());

  it('bash: one case per command path for subcommands, options, option values and arguments, registered for the program', () => {
    const script = bashCompletion(tree);
    expect(script).toContain(`    '') printf '%s\\n' 'port port-ext install status chroot events help' ;;`);
    expect(script).toContain(`    'chroot') printf '%s\\n' 'create list ls help' ;;`);
    expect(script).toContain(`    'port-ext') printf '%s\\n' '-u --allow-unauthenticated -h --help' ;;`);
    expect(script).toContain(`    'events|--order') printf '%s\\n' 'choices asc desc' ;;`);
    expect(script).toContain(`    'port|1') printf '%s\\n' 'distribution' ;;`);
    expect(script).toContain(`    'port|rest') printf '%s\\n' 'distribution' ;;`);
    expect(script).toContain(`"\${COMP_WORDS[0]}" completion values "$1"`);
    expect(script.trimEnd().split('\n').at(-1)).toBe('complete -F _demo demo');
    expect(script).not.toContain('secret');
  });

  it('zsh: the same tables plus descriptions, registered with compdef or run when autoloaded', () => {
    const script = zshCompletion(tree);
    expect(script.split('\n')[0]).toBe('#compdef demo');
    expect(script).toContain(`'chroot') printf '%s\\n' 'create:create a chroot'; printf '%s\\n' 'list:list chroots'; printf '%s\\n' 'ls:list chroots'`);
    expect(script).toContain(`printf '%s\\n' '--allow-unauthenticated:skip the signature check'`);
    expect(script).toContain('compdef _demo demo');
  });

  it('quotes a description with a quote in it so the shell reads it back unchanged', () => {
    const program = demoProgram();
    program.command('quoted').description(`it's "quoted" $HOME`);
    expect(zshCompletion(commandTree(program))).toContain(`printf '%s\\n' 'quoted:it'\\''s "quoted" $HOME'`);
  });
});
