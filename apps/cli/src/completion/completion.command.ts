import { Argument, type Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { answer } from '../output.js';
import { bashCompletion } from './bash-completion.js';
import { commandTree, daemonValueKinds, type CommandNode, type DaemonValueKind } from './command-tree.js';
import { completionValues } from './completion-values.js';
import { zshCompletion } from './zsh-completion.js';

const shells: Record<'bash' | 'zsh', (tree: CommandNode) => string> = { bash: bashCompletion, zsh: zshCompletion };

const programOf = (command: Command): Command => (command.parent ? programOf(command.parent) : command);

export function registerCompletion(program: Command, api: ApiClient): void {
  const completion = program
    .command('completion')
    .description('shell completion of every command and option: source <(mbd completion bash), or zsh');
  for (const [shell, generate] of Object.entries(shells)) {
    completion
      .command(shell)
      .description(`print the ${shell} completion script (source <(mbd completion ${shell}))`)
      .action((_options: unknown, command: Command) =>
        answer({ shell, script: generate(commandTree(programOf(command))) }, ({ script }) => process.stdout.write(script)),
      );
  }
  completion
    .command('values', { hidden: true })
    .description('the names the daemon knows, one a line, for the completion scripts (nothing if it does not answer)')
    .addArgument(new Argument('<kind>').choices(daemonValueKinds))
    .action(async (kind: DaemonValueKind) => answer(await completionValues(api, kind), (values) => values.forEach((value) => console.log(value))));
}
