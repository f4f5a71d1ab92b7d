import { parseDeliveryPath } from '../../repositories/repository-delivery.middleware.js';

/**
 * A segment appended to directory paths before they are checked: parseDeliveryPath takes paths of
 * files, so `dists/` is checked as `dists/<PROBE>` and the probe is dropped again. It never reaches the
 * file system.
 */
const PROBE = 'index';

/** A request for the archive tree, once its path is checked by the delivery's own rules. */
export type ArchiveTreePath =
  /** A directory: `[]` is the tree's root (dists/ and pool/); `slash` false asks for a redirect to the URL with the slash. */
  | { readonly kind: 'directory'; readonly repository: string; readonly at: string; readonly segments: readonly string[]; readonly slash: boolean }
  /** A path without a trailing slash below dists/ or pool/: a directory (redirect to it with the slash) or a file (redirect to the delivery). */
  | { readonly kind: 'entry'; readonly repository: string; readonly at: string; readonly segments: readonly string[] }
  | { readonly kind: 'refused'; readonly status: 400 | 404; readonly message: string };

const notShown = (path: string) => ({ kind: 'refused', status: 404, message: `not shown: ${path} (only dists/ and pool/ of an archive are)` }) as const;

/**
 * Reads `/archive/<id>/<at>/<path…>` as sent (not decoded) with parseDeliveryPath, as if it were the
 * delivery's `/repositories/<id>/@<at>/<path…>`: decoded exactly once; `%` left after decoding, control
 * characters, backslashes and `.`/`..` segments are a 400; anything but dists/ and pool/ below a valid
 * repository id is a 404.
 */
export function parseArchiveTreePath(rawPath: string): ArchiveTreePath {
  const match = /^\/archive\/([^/]+)\/([^/]+)(\/.*)?$/.exec(rawPath);
  if (!match) return notShown(rawPath);
  const [, repository = '', at = '', rest = ''] = match;
  const directory = rest === '' || rest.endsWith('/');
  const inner = rest.slice(1, directory && rest !== '' ? -1 : undefined);
  const parsed = parseDeliveryPath(`/${repository}/@${at}/${inner === '' ? 'dists' : inner}/${PROBE}`);
  if (parsed.kind === 'refused') return parsed.status === 404 ? notShown(rawPath) : parsed;
  if (parsed.kind !== 'tree' || parsed.at === undefined) return notShown(rawPath);
  const segments = inner === '' ? [] : parsed.segments.slice(0, -1);
  if (!directory) return { kind: 'entry', repository: parsed.repository, at: parsed.at, segments };
  return { kind: 'directory', repository: parsed.repository, at: parsed.at, segments, slash: rest !== '' };
}
