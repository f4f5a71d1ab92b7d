const AUTO_PORTS_LINE = /^\s*\*?\s*MINI_BUILDD_OPTION:\s*auto-ports\s*=\s*(\S*)\s*$/;
/** A changelog entry's header inside a .changes' Changes field (its lines keep no indentation). */
const ENTRY_HEADER = /^\S+ \([^()\s]+\) [^;]+;/;

const distributionsOf = (value: string): string[] =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

/**
 * The `auto-ports` of an upload: from the options UploadAccepted records (read defensively: a
 * `key → value` record or a list of `{ key, value }`), else from `MINI_BUILDD_OPTION: auto-ports=…`
 * in the top changelog block of its .changes (mini-buildd reads only that block).
 */
export function autoPortsOf(recordedOptions: unknown, changesField: string | undefined): string[] {
  if (recordedOptions && typeof recordedOptions === 'object') {
    if (Array.isArray(recordedOptions)) {
      const entry = recordedOptions.find((item: unknown) => item && typeof item === 'object' && (item as { key?: unknown }).key === 'auto-ports') as { value?: unknown } | undefined;
      if (entry) return Array.isArray(entry.value) ? entry.value.map(String) : distributionsOf(String(entry.value ?? ''));
    } else if ('auto-ports' in recordedOptions || 'autoPorts' in recordedOptions) {
      const record = recordedOptions as Record<string, unknown>;
      const value = record['auto-ports'] ?? record['autoPorts'];
      return Array.isArray(value) ? value.map(String) : distributionsOf(String(value ?? ''));
    }
  }
  if (changesField === undefined) return [];
  const lines = changesField.split('\n');
  const headers = lines.map((line, index) => (ENTRY_HEADER.test(line) ? index : -1)).filter((index) => index >= 0);
  const top = lines.slice(headers[0] ?? 0, headers[1] ?? lines.length);
  const found = top.map((line) => AUTO_PORTS_LINE.exec(line)?.[1]).filter((value): value is string => value !== undefined);
  return found.length === 0 ? [] : distributionsOf(found.at(-1)!);
}
