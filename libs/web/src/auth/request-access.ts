import type { Request } from 'express';
import type { Role } from './principal.js';
import type { RepositoryLookup, RepositoryReach } from './repository-reach.js';
import type { Access } from './token-check.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(text).filter((name): name is string => name !== undefined);

/**
 * Every repository a page form names: a `:repository` parameter, the `:id` of /repositories/:id…, a
 * `repository` field, and the repository of each distribution it names (`distribution`, every `to`).
 * A form naming none reaches nothing a repository-limited token could be checked against.
 */
export function repositoriesOfForm(request: Request, lookup: RepositoryLookup): readonly string[] {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const routePath = (request.route as { path?: unknown } | undefined)?.path;
  const repositories = [
    ...texts(params['repository']),
    ...(typeof routePath === 'string' && /^\/(api\/)?repositories\/:id/.test(routePath) ? texts(params['id']) : []),
    ...texts(body['repository']),
  ];
  const distributions = [...texts(params['distribution']), ...texts(body['distribution']), ...texts(body['to'])];
  return [...new Set([...repositories, ...distributions.map((name) => lookup.ofDistribution(name))])];
}

/**
 * What a request asks of its caller: `role`, whether it writes (anything but GET/HEAD/OPTIONS), and —
 * only for a repository-limited caller, the only one it matters to — every repository it reaches.
 */
export async function accessOfRequest(request: Request, role: Role, limited: boolean, reach: RepositoryReach | undefined, lookup: RepositoryLookup): Promise<Access> {
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
  if (!limited || reach === undefined) return { role, write };
  return { role, write, reaches: reach === 'account' ? 'account' : await reach(request, lookup) };
}
