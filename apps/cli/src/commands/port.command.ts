import type { Command } from 'commander';
import type { ApiClient } from '../api-client.js';
import { answer, printTable } from '../output.js';

interface PortResult {
  readonly distribution: string;
  readonly events: readonly { readonly position: number; readonly type: string; readonly data: unknown }[];
  readonly refused?: string;
}

/** mini-buildd's `--options "lintian-mode=ignore|auto-ports=…"`: `|`-separated upload options. */
const uploadOptions = (text: string | undefined): string[] | undefined =>
  text === undefined
    ? undefined
    : text
        .split('|')
        .map((option) => option.trim())
        .filter((option) => option !== '');

/** One line per target: the port version it got, or why it was refused. */
const printPorts = (results: readonly PortResult[]): void =>
  answer(results, () =>
    printTable(
      results.map((result) => {
        const ported = result.events.find((event) => event.type === 'PackagePorted')?.data as { version?: string; fromVersion?: string } | undefined;
        return {
          distribution: result.distribution,
          result: result.refused ? `refused: ${result.refused}` : `ported ${ported?.fromVersion ?? ''} as ${ported?.version ?? ''} (the upload follows)`,
          position: result.events.at(-1)?.position ?? '',
        };
      }),
    ),
  );

export function registerPorts(program: Command, api: ApiClient): void {
  program
    .command('port <source> <from-distribution> <to-distributions...>')
    .description('port a source from one distribution to others as a no-changes upload (to = from: a rebuild), like mini-buildd')
    .option('-V, --version <version>', 'the port version (default: by the port version rules)')
    .option('-O, --options <options>', 'upload options, |-separated (default "lintian-mode=ignore")')
    .action(async (source: string, from: string, to: string[], options: { version?: string; options?: string }) =>
      printPorts(await api.post<PortResult[]>('/api/packages/port', { source, from, to, version: options.version, options: uploadOptions(options.options) })),
    );
  program
    .command('port-ext <dsc> <to-distributions...>')
    .description('port an external .dsc (http or https URL) to distributions; its signature must be an uploader key unless -u')
    .option('-u, --allow-unauthenticated', 'take the .dsc without a valid signature (recorded with the port)')
    .option('-V, --version <version>', 'the port version (default: the target suite default appended)')
    .option('-O, --options <options>', 'upload options, |-separated (default "lintian-mode=ignore")')
    .action(async (dsc: string, to: string[], options: { allowUnauthenticated?: boolean; version?: string; options?: string }) =>
      printPorts(
        await api.post<PortResult[]>('/api/packages/port-ext', {
          dsc,
          to,
          allowUnauthenticated: Boolean(options.allowUnauthenticated),
          version: options.version,
          options: uploadOptions(options.options),
        }),
      ),
    );
  program
    .command('ports [source]')
    .description('ports made, newest first: origin, version and the upload that carries each')
    .option('-D, --distribution <distribution>', 'only ports to this distribution')
    .action(async (source: string | undefined, options: { distribution?: string }) => {
      const ports = await api.get<{ position: number; from: string; fromVersion: string; to: string; version: string; upload: { uploadId: string; state: string } | null }[]>(
        '/api/packages/ports',
        { source, distribution: options.distribution },
      );
      answer(ports, () =>
        printTable(
          ports.map((port) => ({
            position: port.position,
            from: `${port.from} ${port.fromVersion}`,
            to: `${port.to} ${port.version}`,
            upload: port.upload ? `${port.upload.uploadId} (${port.upload.state})` : '(not received yet)',
          })),
        ),
      );
    });
}
