import { runTool } from '../run-tool.js';

/** What a binary package says it is, from its control file. */
export interface DebIdentity {
  readonly package: string;
  readonly version: string;
  /** The source it was built from: its `Source` field's name, or the package's own name when the field is absent. */
  readonly source: string;
  /** The source's version when the `Source` field names one (`hello (2.10-3)`, a binNMU), otherwise the package's. */
  readonly sourceVersion: string;
}

/** Reads `dpkg-deb -f` output (`Field: value` lines) into a DebIdentity. */
export function parseDebFields(output: string): DebIdentity {
  const fields = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
    if (match) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  const name = fields.get('package') ?? '';
  const version = fields.get('version') ?? '';
  const source = /^(\S+)(?:\s+\((\S+)\))?$/.exec(fields.get('source') ?? '');
  return { package: name, version, source: source?.[1] ?? name, sourceVersion: source?.[2] ?? version };
}

/** The identity of a .deb or .udeb (`dpkg-deb -f <file> Package Version Source`). */
export async function readDebIdentity(path: string): Promise<DebIdentity> {
  const { stdout } = await runTool('dpkg-deb', ['-f', path, 'Package', 'Version', 'Source'], { timeoutMs: 60_000 });
  return parseDebFields(stdout);
}
