import type { Request } from 'express';
import type { Access } from './token-check.js';
import type { Role } from './principal.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined);
/** `<codename>-<repository>-<suite>[-rollback<N>]` → the repository. */
const repositoryOfDistribution = (distribution: string | undefined): string | undefined => distribution?.split('-')[1];

/**
 * The repository a call names, where it names one: a `:repository` parameter, the `:id` of
 * /api/repositories/:id…, a body's `repository`, or the repository of the distribution it writes to
 * (`to` of a port, else `distribution`). A repository-limited token is checked against it.
 */
export function repositoryOfRequest(request: Request): string | undefined {
  const params = (request.params ?? {}) as Record<string, unknown>;
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  const routePath = (request.route as { path?: unknown } | undefined)?.path;
  return (
    text(params['repository']) ??
    (typeof routePath === 'string' && routePath.startsWith('/api/repositories/:id') ? text(params['id']) : undefined) ??
    text(body['repository']) ??
    repositoryOfDistribution(text(body['to']) ?? text(params['distribution']) ?? text(body['distribution']))
  );
}

/** What a request asks of its caller: `role`, whether it writes (anything but GET/HEAD/OPTIONS), its repository. */
export function accessOfRequest(request: Request, role: Role): Access {
  const repository = repositoryOfRequest(request);
  return { role, write: !['GET', 'HEAD', 'OPTIONS'].includes(request.method), ...(repository === undefined ? {} : { repository }) };
}
