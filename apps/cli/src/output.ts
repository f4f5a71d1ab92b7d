import { STATUS_CODES } from 'node:http';
import type { Command } from 'commander';
import { ApiError } from './api-client.js';

/**
 * How `mbd` answers. Every leaf command takes `--json` (added by {@link withJsonOption}, so a command
 * registered later gets it too); while a command runs, {@link answer}, {@link print} and
 * {@link printTable} write one JSON document on stdout when it was given, a readable form otherwise.
 * One command runs per process, so the mode is this module's state.
 */
let jsonMode = false;

/** A value as the JSON document mbd prints (an empty answer as null). */
const asJson = (value: unknown): string => JSON.stringify(value ?? null, null, 2);

/** True while the running command was given `--json`. */
export const isJson = (): boolean => jsonMode;

/** Before parsing: a command line with `--json` fails in JSON too (a usage error comes before any action). */
export function expectJson(argv: readonly string[]): void {
  jsonMode = argv.includes('--json');
}

/** Answers with `value`: as JSON with --json, otherwise through `readable` (default: {@link print}'s form). */
export function answer<T>(value: T, readable: (value: T) => void = (shown) => printReadable(shown)): void {
  if (jsonMode) console.log(asJson(value));
  else readable(value);
}

/** Prints a result: JSON with --json (or `json`), otherwise a readable table or key: value lines. */
export function print(value: unknown, json = false): void {
  if (json || jsonMode) console.log(asJson(value));
  else printReadable(value);
}

/** Rows as an aligned table; with --json the rows as a JSON array. */
export function printTable(rows: Record<string, unknown>[]): void {
  if (jsonMode) {
    console.log(asJson(rows));
    return;
  }
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((column) => Math.min(60, Math.max(column.length, ...rows.map((row) => cell(row[column]).length))));
  console.log(columns.map((column, i) => column.padEnd(widths[i]!)).join('  '));
  for (const row of rows) console.log(columns.map((column, i) => cell(row[column]).slice(0, 60).padEnd(widths[i]!)).join('  '));
}

function printReadable(value: unknown): void {
  if (typeof value !== 'object' || value === null) {
    console.log(typeof value === 'string' ? value : asJson(value));
    return;
  }
  if (Array.isArray(value)) {
    printTable(value.map((item) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : { value: item })));
    return;
  }
  for (const [key, field] of Object.entries(value)) console.log(`${key}: ${cell(field)}`);
}

const cell = (value: unknown): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? ''));

/** The leaf commands of a program: those that run an action rather than hold subcommands. */
export function leafCommands(command: Command): Command[] {
  return command.commands.length === 0 ? [command] : command.commands.flatMap(leafCommands);
}

/**
 * Gives every leaf command of `program` a `--json` option (unless it declares its own) and switches the
 * output to JSON before the action of a command given it. Call it after every command is registered.
 */
export function withJsonOption(program: Command): Command {
  for (const command of leafCommands(program)) {
    if (command !== program && !command.options.some((option) => option.long === '--json')) command.option('--json', 'print JSON');
  }
  program.hook('preAction', (_program, action) => {
    jsonMode = action.opts<{ json?: boolean }>().json === true;
  });
  return program;
}

/** An RFC 9457 problem: what `mbd --json` writes on stderr when a call fails. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
}

/** The problem a failure is: an API error with its HTTP status and the daemon's reason, anything else as a client error. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) {
    const status = error.status === 0 ? 503 : error.status;
    return {
      type: 'about:blank',
      title: error.status === 0 ? 'mbd daemon unreachable' : (STATUS_CODES[status] ?? 'Error'),
      status,
      detail: error.detail ?? error.message,
      ...(error.instance ? { instance: error.instance } : {}),
    };
  }
  return { type: 'about:blank', title: 'mbd command failed', status: 400, detail: error instanceof Error ? error.message : String(error) };
}

/** Reports a failed command on stderr (problem+json with --json, `mbd: <reason>` otherwise) and returns the exit code. */
export function reportFailure(error: unknown, json = jsonMode): number {
  if (json) console.error(JSON.stringify(problemOf(error), null, 2));
  else console.error(`mbd: ${error instanceof Error ? error.message : String(error)}`);
  return error instanceof ApiError && error.status === 401 ? 3 : 1;
}
