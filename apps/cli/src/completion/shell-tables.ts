import type { CommandNode, OptionNode, ValueKind } from './command-tree.js';

/**
 * The command tree as shell functions both bash and zsh run (case tables, printf), so the scripts'
 * drivers only walk the words. A command is named by its path, the words after the program joined by
 * spaces ('' for the program itself, 'chroot create').
 */
export function shellTables(fn: string, tree: CommandNode): string {
  const nodes = flatten(tree);
  const key = (node: CommandNode, ...rest: string[]) => [node.path.join(' '), ...rest].join('|');
  const commands = nodes.filter((node) => node.subcommands.length > 0);
  const optionValues = nodes.flatMap((node) =>
    node.options.flatMap((option) => (option.value ? option.flags.map((flag) => [key(node, flag), valueWord(option.value!)] as const) : [])),
  );
  const argumentValues = nodes.flatMap((node) => [
    ...node.arguments.map((value, index) => [key(node, String(index)), valueWord(value)] as const),
    ...(node.variadic ? [[key(node, 'rest'), valueWord(node.arguments.at(-1)!)] as const] : []),
  ]);
  return [
    `# ${fn}_commands PATH: the subcommands (and aliases) of a command`,
    table(`${fn}_commands`, '"$1"', commands.map((node) => [key(node), words(node.subcommands.flatMap((sub) => [sub.name, ...sub.aliases]))])),
    `# ${fn}_options PATH: the options of a command`,
    table(`${fn}_options`, '"$1"', nodes.map((node) => [key(node), words(node.options.flatMap((option) => option.flags))])),
    `# ${fn}_option_value PATH OPTION: what the option's value is (nothing for an option without one)`,
    table(`${fn}_option_value`, '"$1|$2"', optionValues),
    `# ${fn}_argument PATH INDEX: what the INDEX-th argument is ('rest' for the words after a variadic one)`,
    table(`${fn}_argument`, '"$1|$2"', argumentValues),
    walk(fn),
  ].join('\n');
}

/**
 * The shell function that reads the words before the one being completed: it sets the caller's
 * command_path (the command they name), n (how many arguments that command has been given) and expect
 * (what the last option still wants as its value, if anything). bash splits `--option=value` at `=`
 * into three words, zsh keeps it one; both forms are read.
 */
const walk = (fn: string) => `# ${fn}_walk WORD...: sets command_path, n and expect from the words before the one completed
${fn}_walk() {
  local word
  for word in "$@"; do
    if [[ -n $expect ]]; then
      [[ $word == '=' ]] || expect=''
      continue
    fi
    case $word in
      -*=*) ;;
      -*) expect=$(${fn}_option_value "$command_path" "$word") ;;
      *)
        if ((n == 0)) && [[ " $(${fn}_commands "$command_path") " == *" $word "* ]]; then
          command_path=\${command_path:+$command_path }$word
        else
          ((n += 1))
        fi ;;
    esac
  done
}
# ${fn}_argument_kind PATH INDEX: what the INDEX-th argument is, the variadic last one included
${fn}_argument_kind() {
  local kind
  kind=$(${fn}_argument "$1" "$2")
  [[ -n $kind ]] || kind=$(${fn}_argument "$1" rest)
  printf '%s\n' "$kind"
}`;

/** zsh's `_describe` lines (`name:description`) for the subcommands and for the options of each command. */
export function describeTables(fn: string, tree: CommandNode): string {
  const nodes = flatten(tree);
  const describe = (name: string, description: string) => `${name.replace(/:/g, '\\:')}:${description.replace(/\s+/g, ' ').trim()}`;
  const lines = (entries: string[]) => entries.map((entry) => `printf '%s\\n' ${quote(entry)}`).join('; ');
  return [
    table(
      `${fn}_describe_commands`,
      '"$1"',
      nodes.filter((node) => node.subcommands.length > 0).map((node) => [node.path.join(' '), lines(node.subcommands.flatMap((sub) => [sub.name, ...sub.aliases].map((name) => describe(name, sub.description))))]),
      true,
    ),
    table(
      `${fn}_describe_options`,
      '"$1"',
      nodes.map((node) => [node.path.join(' '), lines(node.options.flatMap((option: OptionNode) => option.flags.map((flag) => describe(flag, option.description))))]),
      true,
    ),
  ].join('\n');
}

const flatten = (node: CommandNode): CommandNode[] => [node, ...node.subcommands.flatMap(flatten)];

/** One word per kind for the drivers: `file`, `distribution`, `choices a b c` … */
const valueWord = (value: ValueKind): string => (value.kind === 'choices' ? ['choices', ...value.choices].join(' ') : value.kind);

const words = (list: readonly string[]) => list.join(' ');

/** A function answering one line per case: `case SUBJECT in 'key') printf …;; esac`. */
function table(name: string, subject: string, rows: readonly (readonly [string, string])[], raw = false): string {
  const cases = rows.map(([key, value]) => `    ${quote(key)}) ${raw ? value : `printf '%s\\n' ${quote(value)}`} ;;`);
  return [`${name}() {`, `  case ${subject} in`, ...cases, '  esac', '}'].join('\n');
}

/** A shell word that is exactly `text` (single quotes, a quote as '\''). */
export const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
