import { Injectable, Logger } from '@nestjs/common';
import { runTool } from '@mbd/builder';
import { parseChangelog, parseChanges, versionWithoutEpoch } from '@mbd/debian';
import { ArchiveKey } from '@mbd/gpg';
import { HttpUploadReceiver } from '@mbd/incoming';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ChangelogAuthor } from './add-changelog-entry.js';

export interface OwnUploadRequest {
  /** An unpacked source tree whose debian/changelog has the new top entry; orig tarballs beside it. */
  readonly tree: string;
  /** `dpkg-genchanges -v<since>`: the .changes carries every changelog entry after this version. */
  readonly since?: string;
  /** `-sa` (true: always include the orig tarball), `-sd` (false: never), dpkg's default when absent. */
  readonly includeOrig?: boolean;
  /** Extra `X-…` fields for the .changes (e.g. where a port came from), added before it is signed. */
  readonly changesFields?: Readonly<Record<`X-${string}`, string>>;
}

const TOOL_TIMEOUT_MS = 10 * 60_000;

/**
 * mbd's own uploads (ports, rebuilds, keyring and test packages): a source tree becomes a source-only
 * upload made by the real tools (`dpkg-source -b`, `dpkg-genchanges -S`), clearsigned with the archive
 * key (which every repository's uploader keyring holds), and fed to the HTTP incoming file by file with
 * the .changes last — the same intake, checks and events as any dput upload.
 */
@Injectable()
export class OwnUploads {
  private readonly logger = new Logger('own-uploads');

  constructor(
    private readonly key: ArchiveKey,
    private readonly receiver: HttpUploadReceiver,
  ) {}

  /** DEBFULLNAME/DEBEMAIL of this instance: the archive key's user id (`Name <email>`, or a name and mbd@host). */
  author(): ChangelogAuthor {
    const uid = this.key.uid ?? 'mbd archive key';
    const match = /^(.*?)\s*<([^<>]+)>\s*$/.exec(uid);
    if (match && match[1]) return { name: match[1], email: match[2]! };
    return { name: uid, email: `mbd@${hostname()}` };
  }

  /** Builds, signs and delivers the upload of `request.tree`; returns the .changes file's name. */
  async upload(request: OwnUploadRequest): Promise<string> {
    const { tree } = request;
    const parent = dirname(tree);
    const [top] = parseChangelog(await readFile(join(tree, 'debian', 'changelog')), { maxEntries: 1 });
    if (!top) throw new Error(`${tree}/debian/changelog has no entry`);
    const stem = `${top.package}_${versionWithoutEpoch(top.version)}`;

    await runTool('dpkg-source', ['-b', basename(tree)], { cwd: parent, timeoutMs: TOOL_TIMEOUT_MS });
    const dsc = join(parent, `${stem}.dsc`);
    await writeFile(dsc, await this.key.signInRelease(await readFile(dsc, 'utf8')));

    const args = ['-S', ...(request.since ? [`-v${request.since}`] : []), ...(request.includeOrig === undefined ? [] : [request.includeOrig ? '-sa' : '-sd'])];
    const { stdout } = await runTool('dpkg-genchanges', args, { cwd: tree, timeoutMs: TOOL_TIMEOUT_MS });
    const changesName = `${stem}_source.changes`;
    const extra = Object.entries(request.changesFields ?? {}).map(([field, value]) => `${field}: ${value.replace(/\s+/g, ' ').trim()}\n`);
    const changesText = await this.key.signInRelease(`${stdout}\n${extra.join('')}`);
    await writeFile(join(parent, changesName), changesText);

    const changes = parseChanges(changesText, { what: changesName });
    for (const name of [...changes.files.map((file) => file.name), changesName]) {
      const path = join(parent, name);
      await this.receiver.receive(name, createReadStream(path), (await stat(path)).size);
    }
    this.logger.log(`uploaded ${changesName} (${changes.distributions.join(' ')})`);
    return changesName;
  }
}
