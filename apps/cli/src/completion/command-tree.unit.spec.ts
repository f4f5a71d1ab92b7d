import { describe, expect, it } from 'vitest';
import { demoProgram } from '../testing/demo-program.js';
import { commandTree, kindOf, type CommandNode } from './command-tree.js';

const find = (tree: CommandNode, ...path: string[]): CommandNode =>
  path.reduce((node, name) => node.subcommands.find((sub) => sub.name === name)!, tree);

describe('commandTree', () => {
  const tree = commandTree(demoProgram());

  it('lists the visible commands with their paths, aliases and commander’s help command, not the hidden ones', () => {
    expect(tree.subcommands.map((node) => node.name)).toEqual(['port', 'port-ext', 'install', 'status', 'chroot', 'events', 'help']);
    expect(find(tree, 'chroot', 'create').path).toEqual(['chroot', 'create']);
    expect(find(tree, 'chroot', 'list').aliases).toEqual(['ls']);
  });

  it('knows which options take a value and what the value is', () => {
    const options = (node: CommandNode) => Object.fromEntries(node.options.map((option) => [option.flags.join(','), option.value ?? null]));
    expect(options(find(tree, 'port-ext'))).toEqual({ '-u,--allow-unauthenticated': null, '-h,--help': null });
    expect(options(find(tree, 'events'))).toMatchObject({
      '--order': { kind: 'choices', choices: ['asc', 'desc'] },
      '--repository': { kind: 'repository' },
    });
    expect(options(find(tree, 'chroot', 'create'))['--out']).toEqual({ kind: 'directory' });
  });

  it('names the kind of each positional argument, the variadic last one included', () => {
    const port = find(tree, 'port');
    expect(port.arguments.map((argument) => argument.kind)).toEqual(['text', 'distribution', 'distribution']);
    expect(port.variadic).toBe(true);
    expect(find(tree, 'port-ext').arguments).toEqual([{ kind: 'text' }]);
    expect(find(tree, 'install').arguments).toEqual([{ kind: 'file' }]);
    expect(find(tree, 'chroot', 'create').arguments).toEqual([{ kind: 'codename' }, { kind: 'architecture' }]);
    expect(find(tree, 'events').arguments).toEqual([{ kind: 'choices', choices: ['upload', 'build'] }]);
  });

  it('completes help’s argument with the names of its sibling commands', () => {
    expect(find(tree, 'help').arguments).toEqual([{ kind: 'choices', choices: ['port', 'port-ext', 'install', 'status', 'chroot', 'events'] }]);
  });
});

describe('kindOf', () => {
  it.each([
    ['distribution', 'distribution'],
    ['to-distributions', 'distribution'],
    ['repository', 'repository'],
    ['codename', 'codename'],
    ['arch', 'architecture'],
    ['keyfile', 'file'],
    ['changes', 'file'],
    ['dsc', 'text'],
    ['dir', 'directory'],
    ['source', 'text'],
    ['version', 'text'],
  ])('%s is a %s', (name, kind) => expect(kindOf(name).kind).toBe(kind));
});
