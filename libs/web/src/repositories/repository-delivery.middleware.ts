import type { NextFunction, Request, Response } from 'express';
import { join, normalize } from 'node:path';
import serveStatic from 'serve-static';

/** Only what apt needs leaves a reprepro tree: dists/ and pool/, never conf/ or db/. */
const PUBLIC = /^\/(dists|pool)\//;
const REPOSITORY_ID = /^[a-z0-9][a-z0-9.+-]{0,63}$/;

/**
 * Serves `/repositories/<id>/dists|pool/…` from `<root>/<id>/` (the archive reactor's trees),
 * and `/repositories/<id>/@<time>/…` from a tree rebuilt as of that time by `treeAt`.
 */
export function repositoryDelivery(root: string, treeAt: (repository: string, at: string) => Promise<string>) {
  const servers = new Map<string, ReturnType<typeof serveStatic>>();
  const server = (dir: string) => {
    let serve = servers.get(dir);
    if (!serve) {
      serve = serveStatic(dir, { index: false, dotfiles: 'deny', fallthrough: false, redirect: false });
      servers.set(dir, serve);
    }
    return serve;
  };
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    let path: string;
    try {
      path = normalize(decodeURIComponent(request.path));
    } catch {
      response.status(400).json({ message: `malformed path ${JSON.stringify(request.path)}` });
      return;
    }
    const [, id, ...rest] = path.split('/');
    if (!id || !REPOSITORY_ID.test(id)) return next();
    let dir = join(root, id);
    let inner = `/${rest.join('/')}`;
    if (rest[0]?.startsWith('@')) {
      const at = rest[0].slice(1);
      if (Number.isNaN(Date.parse(at)) && !/^\d+$/.test(at)) {
        response.status(400).json({ message: `"${at}" is neither an ISO time nor a log position` });
        return;
      }
      try {
        dir = await treeAt(id, at);
      } catch (error) {
        next(error);
        return;
      }
      inner = `/${rest.slice(1).join('/')}`;
    }
    if (!PUBLIC.test(inner)) return next();
    request.url = inner;
    server(dir)(request, response, next);
  };
}
