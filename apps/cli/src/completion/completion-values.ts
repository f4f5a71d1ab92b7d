import type { ApiClient } from '../api-client.js';
import type { DaemonValueKind } from './command-tree.js';

/** The parts of GET /api/repositories a completion needs. */
interface RepositorySummary {
  repository: string;
  layout: { suites: { name: string }[] };
  codenames: { codename: string; architectures: { architecture: string }[] }[];
}

/** A shell waits for the daemon this long at most before completing nothing. */
const timeoutMs = 1500;

/**
 * The names of `kind` the daemon knows, for completion: repositories, their distributions
 * (`<codename>-<repository>-<suite>`, as dput and apt name them; rollbacks left out), codenames and
 * architectures. Empty when the daemon does not answer in time or answers something else.
 */
export async function completionValues(api: ApiClient, kind: DaemonValueKind): Promise<string[]> {
  let repositories: RepositorySummary[];
  try {
    const response = await fetch(api.url('/api/repositories'), { headers: api.headers(), signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return [];
    repositories = (await response.json()) as RepositorySummary[];
    if (!Array.isArray(repositories)) return [];
  } catch {
    return [];
  }
  const names = repositories.flatMap((config): string[] => {
    switch (kind) {
      case 'repository':
        return [config.repository];
      case 'distribution':
        return config.codenames.flatMap(({ codename }) => config.layout.suites.map((suite) => `${codename}-${config.repository}-${suite.name}`));
      case 'codename':
        return config.codenames.map(({ codename }) => codename);
      case 'architecture':
        return config.codenames.flatMap(({ architectures }) => architectures.map(({ architecture }) => architecture));
    }
  });
  return [...new Set(names.filter((name) => typeof name === 'string' && safeName.test(name)))];
}

/**
 * Names as mbd's schemas allow them. Anything else is dropped: bash's `compgen -W` expands its words,
 * so a `$(…)` in a name from a hostile daemon (or a man in the middle on plain http) would run at TAB.
 */
const safeName = /^[A-Za-z0-9][A-Za-z0-9.+~_-]*$/;
