import type { Argument, Command, Option } from 'commander';

/**
 * What a shell completes for a value: a file, a directory, one of fixed choices, a name the daemon
 * knows (asked at completion time), or free text (nothing to offer, but the word is the value).
 */
export type ValueKind =
  | { kind: 'text' | 'file' | 'directory' }
  | { kind: 'distribution' | 'repository' | 'codename' | 'architecture' }
  | { kind: 'choices'; choices: readonly string[] };

/** The names the daemon can list for completion (`mbd completion values <kind>`). */
export const daemonValueKinds = ['distribution', 'repository', 'codename', 'architecture'] as const;
export type DaemonValueKind = (typeof daemonValueKinds)[number];

export interface OptionNode {
  /** `-f` and `--follow`, as given. */
  readonly flags: readonly string[];
  readonly description: string;
  /** Absent for a flag without a value. */
  readonly value?: ValueKind;
}

export interface CommandNode {
  /** The words from the program to this command: [] for the program, ['chroot', 'create'] … */
  readonly path: readonly string[];
  readonly name: string;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly options: readonly OptionNode[];
  /** The positional arguments in order; the last one may take the rest of the words. */
  readonly arguments: readonly ValueKind[];
  readonly variadic: boolean;
  readonly subcommands: readonly CommandNode[];
}

/** The visible command tree of a commander program (what `--help` shows), read when completion is asked for. */
export function commandTree(program: Command): CommandNode {
  return node(program, []);
}

function node(command: Command, path: readonly string[]): CommandNode {
  const help = command.createHelp();
  const visible = help.visibleCommands(command);
  const siblings = visible.map((sub) => sub.name()).filter((name) => name !== 'help');
  const registered: readonly Argument[] = command.registeredArguments;
  return {
    path,
    name: command.name(),
    aliases: command.aliases(),
    description: command.description(),
    options: help.visibleOptions(command).map(optionNode),
    arguments: registered.map((argument) => argumentKind(argument)),
    variadic: registered.at(-1)?.variadic ?? false,
    subcommands: visible.map((sub) =>
      sub.name() === 'help' && sub.commands.length === 0 && isHelpCommand(sub)
        ? { ...node(sub, [...path, 'help']), arguments: [{ kind: 'choices', choices: siblings }] }
        : node(sub, [...path, sub.name()]),
    ),
  };
}

/** commander's own `help [command]`: its one argument is the name of a sibling command. */
const isHelpCommand = (command: Command) => command.registeredArguments.length === 1 && command.registeredArguments[0]!.name() === 'command';

function optionNode(option: Option): OptionNode {
  const flags = [option.short, option.long].filter((flag): flag is string => Boolean(flag));
  if (!option.required && !option.optional) return { flags, description: option.description };
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '';
  const byValue = kindOf(valueName, option.argChoices);
  return { flags, description: option.description, value: byValue.kind === 'text' ? kindOf(option.attributeName()) : byValue };
}

const argumentKind = (argument: Argument): ValueKind => kindOf(argument.name(), argument.argChoices);

/** The kind of a value from its name in the usage (`<distribution>`, `<keyfile>`, `--out <dir>`). */
export function kindOf(name: string, choices?: readonly string[]): ValueKind {
  if (choices?.length) return { kind: 'choices', choices };
  const word = name.toLowerCase().replace(/\.\.\.$/, '');
  if (/distribution/.test(word)) return { kind: 'distribution' };
  if (/^repositor(y|ies)$/.test(word)) return { kind: 'repository' };
  if (/^codenames?$/.test(word)) return { kind: 'codename' };
  if (/^(architectures?|arch)$/.test(word)) return { kind: 'architecture' };
  if (/^(dir|directory|out)$/.test(word)) return { kind: 'directory' };
  if (/(file|path|changes)$/.test(word)) return { kind: 'file' };
  return { kind: 'text' };
}
