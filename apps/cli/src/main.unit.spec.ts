import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from './main.js';
import { leafCommands } from './output.js';

const pathOf = (command: Command): string => (command.parent ? `${pathOf(command.parent)} ${command.name()}` : command.name());

describe('the mbd program', () => {
  const program = createProgram();

  it('gives every command that runs something a --json flag, those registered by any file included', () => {
    const leaves = leafCommands(program);
    expect(leaves.length).toBeGreaterThan(20);
    const without = leaves.filter((leaf) => !leaf.options.some((option) => option.long === '--json' && !option.required && !option.optional));
    expect(without.map(pathOf), 'commands without a --json flag').toEqual([]);
  });

  it('lists its commands in mini-buildd’s API index groups, in its order', () => {
    const help = program.helpInformation();
    const headings = help.split('\n').filter((line) => /^[A-Z][a-z]+ commands:$/.test(line));
    expect(headings).toEqual(['Consumer commands:', 'Developer commands:', 'Administrator commands:']);
    const section = (heading: string) => help.split(`${heading}\n`)[1]!.split('\n\n')[0]!;
    expect(section('Consumer commands:')).toMatch(/^ {2}status /m);
    expect(section('Developer commands:')).toMatch(/^ {2}migrate /m);
    expect(section('Administrator commands:')).toMatch(/^ {2}chroot /m);
  });
});
