#!/usr/bin/env node
import { Command } from 'commander';
import { ApiClient, ApiError } from './api-client.js';
import { registerArchive, registerChroots, registerPackages } from './commands/archive.command.js';
import { registerConfiguration } from './commands/configuration.command.js';
import { registerEvents } from './commands/events.command.js';
import { registerStatus } from './commands/status.command.js';

const program = new Command('mbd')
  .description('mbd command-line client: talks to the daemon at MBD_URL (default http://127.0.0.1:8066), authenticates with MBD_TOKEN')
  .showHelpAfterError();
const api = new ApiClient();
registerStatus(program, api);
registerEvents(program, api);
registerArchive(program, api);
registerPackages(program, api);
registerChroots(program, api);
registerConfiguration(program, api);

program.parseAsync().catch((error: unknown) => {
  console.error(`mbd: ${error instanceof ApiError || error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof ApiError && error.status === 401 ? 3 : 1);
});
