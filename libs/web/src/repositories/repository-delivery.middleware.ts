import type { NextFunction, Request, Response } from 'express';
import { TimeTravelError, TimeTravelErrorCode } from '@mbd/repository';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import serveStatic from 'serve-static';
import { basicPassword, bearerToken, isAdminToken } from '../auth/admin-token-check.js';

const REPOSITORY_ID = /^[a-z0-9][a-z0-9.+-]{0,63}$/;
/** What apt needs of a reprepro tree: never conf/, db/ or anything else beside these two. */
const TREE_TOP = new Set(['dists', 'pool']);
/** The snippets RepositoriesController publishes beside dists/ and pool/ (`/repositories/<id>/<snippet>`). */
const SNIPPET = /^(archive-key\.asc|archive-keyring\.gpg|sources\.list|dput\.cf|dput-ng\.json|bootstrap-apt\.sh|[a-z0-9][a-z0-9.+-]*\.sources)$/;

/** What time travel offers the delivery: ArchiveAt from @mbd/repository. */
export interface TimeTravel {
  /** The log position `at` denotes; throws TimeTravelError. */
  resolve(at: string, options: { readonly headOnly: boolean }): Promise<number>;
  /** The directory of one repository's tree as of an existing log position. */
  treeAt(repository: string, position: number): Promise<string>;
  /** That directory if it is rebuilt already, else undefined (never starts a rebuild). */
  cachedTreeAt?(repository: string, position: number): Promise<string | undefined>;
}

/** The files of a snapshot's `dists/<distribution>/snapshots/<name>/` that are made for it, not taken from the tree. */
export const SNAPSHOT_RELEASE_FILES = ['Release', 'InRelease', 'Release.gpg'] as const;
export type SnapshotReleaseFile = (typeof SNAPSHOT_RELEASE_FILES)[number];

/** What snapshots offer the delivery: SnapshotDeliveryService (the snapshots streams and the archive key). */
export interface SnapshotDelivery {
  /** The log position the snapshot `name` of `distribution` (in `repository`) denotes, or undefined if there is none. */
  positionOf(repository: string, distribution: string, name: string): Promise<number | undefined>;
  /** The positions of every snapshot of `repository`, newest first: where a pool file missing from the head may be. */
  positionsOf(repository: string): Promise<number[]>;
  /** The snapshot's Release (Suite `<distribution>/snapshots/<name>`, as reprepro gensnapshot writes it), signed, from `<tree>/dists/<distribution>/Release`; undefined if the tree has no such distribution. */
  releaseFile(tree: string, distribution: string, name: string, file: SnapshotReleaseFile): Promise<string | undefined>;
}

export interface RepositoryDeliveryOptions {
  /** `<dataDir>/repositories`: the archive reactor's trees, one per repository. */
  readonly root: string;
  readonly timeTravel: TimeTravel;
  /** Snapshots, served under `dists/<distribution>/snapshots/<name>/` and as the pool's fallback; none without it. */
  readonly snapshots?: SnapshotDelivery;
  /** Positions other than the head need it, as `Authorization: Bearer` or as the password of Basic (apt). */
  readonly adminToken: string;
  /** Whether the request comes from a signed-in web page session (which may time-travel too). */
  readonly signedIn?: (request: Request) => boolean;
}

/** A delivery request, once its path is decoded (exactly once) and checked. */
export type DeliveryPath =
  | { readonly kind: 'tree'; readonly repository: string; readonly at?: string; readonly segments: readonly string[] }
  /** `dists/<distribution>/snapshots/<name>/<rest…>` at the head: a snapshot, served from the tree of its position. */
  | { readonly kind: 'snapshot'; readonly repository: string; readonly distribution: string; readonly name: string; readonly rest: readonly string[] }
  | { readonly kind: 'snippet'; readonly repository: string }
  /** `/repositories/` or `/repositories/<id>`: the web pages about repositories, not a file. */
  | { readonly kind: 'page' }
  | { readonly kind: 'refused'; readonly status: 400 | 404; readonly message: string };

/**
 * Decodes a path below `/repositories` exactly once and says what it may be: a file of `dists/` or
 * `pool/` (possibly `@<position|time>/` in the past), one of the published snippets, or nothing.
 * A `%` left after decoding (a double-encoded path), a control character, a backslash or a `.`/`..`
 * segment is a 400; anything but dists/, pool/ and the snippets (conf/, db/, …) is a 404.
 */
export function parseDeliveryPath(rawPath: string): DeliveryPath {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400, message: `malformed percent-encoding in ${JSON.stringify(rawPath)}` };
  }
  if (path.includes('%')) {
    return { kind: 'refused', status: 400, message: `"%" left in ${JSON.stringify(path)} after decoding: double-encoded paths are refused` };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return { kind: 'refused', status: 400, message: `control characters or backslashes in ${JSON.stringify(path)}` };
  const [empty, repository = '', ...rest] = path.split('/');
  if (empty !== '' || rest.some((segment) => segment === '.' || segment === '..')) {
    return { kind: 'refused', status: 400, message: `"." and ".." segments are refused (${JSON.stringify(path)})` };
  }
  const notServed = { kind: 'refused', status: 404, message: `not served: ${path} (only dists/, pool/ and the published snippets are)` } as const;
  if (repository === '' && rest.length === 0) return { kind: 'page' };
  if (REPOSITORY_ID.test(repository) && (rest.length === 0 || (rest.length === 1 && rest[0] === ''))) return { kind: 'page' };
  if (!REPOSITORY_ID.test(repository)) return notServed;
  if (rest.length === 1 && SNIPPET.test(rest[0]!)) return { kind: 'snippet', repository };
  const at = rest[0]?.startsWith('@') ? rest.shift()!.slice(1) : undefined;
  if (rest.length < 2 || !TREE_TOP.has(rest[0]!) || rest.some((segment) => segment === '')) return notServed;
  if (rest[0] === 'dists' && rest[2] === 'snapshots' && rest.length >= 4) {
    if (at !== undefined) return { kind: 'refused', status: 404, message: `not served: ${path} (a snapshot is served at the head only: /repositories/${repository}/${rest.join('/')})` };
    if (rest.length === 4) return notServed;
    const [, distribution = '', , name = '', ...inside] = rest;
    return { kind: 'snapshot', repository, distribution, name, rest: inside };
  }
  return { kind: 'tree', repository, ...(at !== undefined ? { at } : {}), segments: rest };
}

/** The status of a refused time travel (the delivery's and the archive pages' answer). */
export const TIME_TRAVEL_STATUS: Readonly<Record<TimeTravelErrorCode, 400 | 401 | 404 | 503>> = {
  [TimeTravelErrorCode.Malformed]: 400,
  [TimeTravelErrorCode.Future]: 400,
  [TimeTravelErrorCode.NotFound]: 404,
  [TimeTravelErrorCode.NotHead]: 401,
  [TimeTravelErrorCode.Busy]: 503,
};

/**
 * Serves `/repositories/<id>/dists|pool/…` from `<root>/<id>/` (the archive reactor's trees), and
 * `/repositories/<id>/@<position|time>/dists|pool/…` from a tree rebuilt as of that log position
 * for clients with the admin token or a signed-in page session; anonymous clients may only name the head, and get
 * the live tree. Snippets go on to RepositoriesController, `/repositories/` and `/repositories/<id>` to the
 * repository pages; every other path is answered here (400 or 404), never served.
 */
export function repositoryDelivery(options: RepositoryDeliveryOptions) {
  const servers = new Map<string, ReturnType<typeof serveStatic>>();
  const server = (dir: string) => {
    let serve = servers.get(dir);
    if (!serve) {
      // No Last-Modified: it has one-second precision, and apt sends it back as If-Modified-Since, so an
      // InRelease published twice within one second (remove, then restore) would be a 304 and apt would
      // keep the old indices until the next publication. The ETag (size and mtime in ms) still answers 304.
      serve = serveStatic(dir, { index: false, dotfiles: 'deny', fallthrough: false, redirect: false, lastModified: false });
      servers.set(dir, serve);
    }
    return serve;
  };
  const refuse = (response: Response, status: number, message: string) => response.status(status).json({ statusCode: status, message });
  /** Answers a refused time travel (a snapshot's tree is one too); anything else goes to the error filter. */
  const refuseTimeTravel = (response: Response, next: NextFunction, error: unknown) => {
    if (!(error instanceof TimeTravelError)) return next(error);
    if (error.code === TimeTravelErrorCode.NotHead) response.setHeader('WWW-Authenticate', 'Bearer realm="mbd", Basic realm="mbd"');
    if (error.retryAfterS !== undefined) response.setHeader('Retry-After', String(error.retryAfterS));
    refuse(response, TIME_TRAVEL_STATUS[error.code], error.message);
  };
  /** Serves `segments` below `dir`; a missing file goes to `missing` (default: 404). */
  const serve = (
    dir: string,
    segments: readonly string[],
    request: Request,
    response: Response,
    next: NextFunction,
    missing: () => void = () => refuse(response, 404, `not found: ${segments.join('/')}`),
  ) => {
    // serve-static decodes the URL once more: hand it the checked segments, each encoded again.
    request.url = `/${segments.map(encodeURIComponent).join('/')}`;
    server(dir)(request, response, (error?: { status?: number; statusCode?: number; message?: string }) => {
      const status = error ? (error.status ?? error.statusCode ?? 500) : 404;
      if (status === 404) return missing();
      if (status >= 500) return next(error);
      refuse(response, status, error?.message ?? 'refused');
    });
  };
  /** The head's pool lacks the file: a snapshot may still name it. Only trees rebuilt already are searched (apt reads a snapshot's indices, which rebuilds its tree, before its pool files). */
  const fromSnapshots = async (repository: string, segments: readonly string[]): Promise<string | undefined> => {
    if (!options.snapshots || !options.timeTravel.cachedTreeAt || segments[0] !== 'pool') return undefined;
    for (const position of new Set(await options.snapshots.positionsOf(repository))) {
      const tree = await options.timeTravel.cachedTreeAt(repository, position);
      if (tree && (await stat(join(tree, ...segments)).catch(() => undefined))?.isFile()) return tree;
    }
    return undefined;
  };

  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const parsed = parseDeliveryPath(request.path);
    if (parsed.kind === 'refused') return void refuse(response, parsed.status, parsed.message);
    if (parsed.kind === 'snippet' || parsed.kind === 'page') return next();
    if (parsed.kind === 'snapshot') return serveSnapshot(parsed, request, response, next);
    let dir = join(options.root, parsed.repository);
    if (parsed.at !== undefined) {
      const authorization = request.headers.authorization;
      const authenticated =
        isAdminToken(bearerToken(authorization) ?? basicPassword(authorization), options.adminToken) || options.signedIn?.(request) === true;
      // A rebuild may wait in the queue for longer than the idle timeout.
      const idle = request.socket.timeout ?? 0;
      request.socket.setTimeout(0);
      try {
        const position = await options.timeTravel.resolve(parsed.at, { headOnly: !authenticated });
        // The head is what the live tree shows: an anonymous client never makes mbd rebuild anything.
        if (authenticated) dir = await options.timeTravel.treeAt(parsed.repository, position);
      } catch (error) {
        return refuseTimeTravel(response, next, error);
      } finally {
        request.socket.setTimeout(idle);
      }
      return serve(dir, parsed.segments, request, response, next);
    }
    serve(dir, parsed.segments, request, response, next, () => {
      fromSnapshots(parsed.repository, parsed.segments).then(
        (tree) => (tree ? serve(tree, parsed.segments, request, response, next) : refuse(response, 404, `not found: ${parsed.segments.join('/')}`)),
        next,
      );
    });
  };

  /**
   * A snapshot is a published name, so anyone may read it: its indices come from the tree of its log
   * position (rebuilt once by time travel, within its queue and cache bounds; the positions are only
   * those an admin named), its Release is the distribution's with the snapshot's Suite, signed again.
   */
  async function serveSnapshot(
    parsed: Extract<DeliveryPath, { kind: 'snapshot' }>,
    request: Request,
    response: Response,
    next: NextFunction,
  ): Promise<void> {
    const what = `snapshot ${parsed.name} of ${parsed.distribution}`;
    const idle = request.socket.timeout ?? 0;
    // Rebuilding the snapshot's tree may wait in the queue for longer than the idle timeout.
    request.socket.setTimeout(0);
    let tree: string;
    let position: number | undefined;
    try {
      position = await options.snapshots?.positionOf(parsed.repository, parsed.distribution, parsed.name);
      if (position === undefined) return void refuse(response, 404, `repository ${parsed.repository} has no ${what}`);
      tree = await options.timeTravel.treeAt(parsed.repository, position);
    } catch (error) {
      return void refuseTimeTravel(response, next, error);
    } finally {
      request.socket.setTimeout(idle);
    }
    const [first, ...more] = parsed.rest;
    if (more.length === 0 && (SNAPSHOT_RELEASE_FILES as readonly string[]).includes(first!)) {
      let text: string | undefined;
      try {
        text = await options.snapshots!.releaseFile(tree, parsed.distribution, parsed.name, first as SnapshotReleaseFile);
      } catch (error) {
        return next(error);
      }
      if (text === undefined) return void refuse(response, 404, `${parsed.distribution} did not exist at position ${position} (the ${what})`);
      return void response.type(first === 'Release.gpg' ? 'application/pgp-signature' : 'text/plain').send(text);
    }
    if (first === 'snapshots') return void refuse(response, 404, `not found: snapshots/${more.join('/')} in the ${what}`);
    serve(join(tree, 'dists', parsed.distribution), parsed.rest, request, response, next);
  }
}
