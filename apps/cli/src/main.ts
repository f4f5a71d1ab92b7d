#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ApiClient } from './api-client.js';
import { registerArchive, registerChroots, registerPackages } from './commands/archive.command.js';
import { registerBuilders } from './commands/builder.command.js';
import { registerConfiguration } from './commands/configuration.command.js';
import { registerEvents } from './commands/events.command.js';
import { registerPorts } from './commands/port.command.js';
import { registerKeyring } from './commands/keyring.command.js';
import { registerRetryUpload } from './commands/retry-upload.command.js';
import { registerShow } from './commands/show.command.js';
import { registerStatus } from './commands/status.command.js';
import { registerSourcesList } from './commands/sources-list.command.js';
import { registerSnapshots } from './commands/snapshot.command.js';
import { registerTokens } from './commands/token.command.js';
import { registerUsers } from './commands/user.command.js';
import { registerSubscriptions } from './commands/subscriptions.command.js';
import { registerWebhooks } from './commands/webhooks.command.js';
import { registerCompletion } from './completion/completion.command.js';
import { groupCommandsLikeMiniBuildd } from './help-groups.js';
import { expectJson, isJson, reportFailure, withJsonOption } from './output.js';

/** The `mbd` program: every command, talking to the daemon through `api`. Register new commands here. */
export function createProgram(api = new ApiClient()): Command {
  const program = new Command('mbd')
    .description('mbd command-line client: talks to the daemon at MBD_URL (default http://127.0.0.1:8066), authenticates with MBD_TOKEN')
    .showHelpAfterError()
    .exitOverride()
    // With --json, stderr carries only the problem (run reports it): no commander message, no usage.
    .configureOutput({ writeErr: (text) => void (isJson() || process.stderr.write(text)) });
  registerStatus(program, api);
  registerEvents(program, api);
  registerArchive(program, api);
  registerPackages(program, api);
  registerPorts(program, api);
  registerChroots(program, api);
  registerConfiguration(program, api);
  registerShow(program, api);
  registerRetryUpload(program, api);
  registerSnapshots(program, api);
  registerUsers(program, api);
  registerTokens(program, api);
  registerSubscriptions(program, api);
  registerWebhooks(program, api);
  registerSourcesList(program, api);
  registerKeyring(program, api);
  registerBuilders(program, api);
  registerCompletion(program, api);
  return withJsonOption(groupCommandsLikeMiniBuildd(program));
}

/** Runs one command line (`node mbd.js …` as process.argv) and returns the exit code. */
export async function run(argv: readonly string[] = process.argv, api?: ApiClient): Promise<number> {
  expectJson(argv);
  try {
    await createProgram(api).parseAsync([...argv]);
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  } catch (error) {
    if (!(error instanceof CommanderError)) return reportFailure(error);
    // commander has printed its own message (usage errors, help), except in JSON mode: then a problem.
    if (isJson() && error.exitCode !== 0) reportFailure(new Error(error.code === 'commander.help' ? 'a subcommand is missing (see --help)' : error.message.replace(/^error: /, '')));
    return error.exitCode;
  }
}

/** True when node runs this file itself (`node dist/apps/cli/src/main.js`); bin/mbd.js calls {@link run} instead. */
function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (invokedDirectly()) process.exit(await run());
