import { Injectable } from '@nestjs/common';
import { binariesOf, type CommandMetadata } from '@mbd/archive';
import { checkFiles, digestsOf, formatVersion, parseChanges } from '@mbd/debian';
import type { FileRef } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { BlobStore } from '@mbd/repository';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { checkSignature } from '../packager/check-signature.js';
import { uploaderKeyring } from '../packager/uploader-keyring.js';
import { ArchiveCommandsService, ArchiveRequestError, type ArchiveCommandResult } from './archive-commands.service.js';

export interface UploadedFile {
  readonly name: string;
  readonly bytes: Buffer;
}


/**
 * An admin installs a prebuilt binary upload (a signed .changes and the files it lists) straight into
 * its distribution, without builds: the path for binary-only uploads. The .changes must be signed by
 * an uploader of the target repository or by this instance's archive key.
 */
@Injectable()
export class InstallChangesService {
  constructor(
    private readonly blobs: BlobStore,
    private readonly configuration: ConfigurationService,
    private readonly archive: ArchiveCommandsService,
    private readonly archiveKey: ArchiveKey,
  ) {}

  async install(files: readonly UploadedFile[], metadata: CommandMetadata, distributionOverride?: string): Promise<ArchiveCommandResult> {
    const changesFiles = files.filter((file) => file.name.endsWith('.changes'));
    if (changesFiles.length !== 1) throw new ArchiveRequestError('bad-request', `send exactly one .changes (got ${changesFiles.length})`);
    const changesFile = changesFiles[0]!;
    const text = changesFile.bytes.toString('utf8');
    const changes = parseChanges(text, { what: changesFile.name });
    if (changes.upload.source) throw new ArchiveRequestError('bad-request', `${changesFile.name} carries source: upload it to incoming to have it built`);
    const byName = new Map(files.map((file) => [file.name, file.bytes]));
    const problems = await checkFiles(changes, async (name) => {
      const bytes = byName.get(name);
      return bytes && digestsOf(bytes);
    });
    if (problems.length > 0) throw new ArchiveRequestError('bad-request', problems.map((problem) => problem.message).join('; '));
    const distribution = this.archive.settings(distributionOverride ?? changes.distributions[0] ?? '');
    const config = this.configuration.current();
    const signature = await checkSignature(changesFile.name, text, await uploaderKeyring(config.uploaders, this.blobs, this.archiveKey));
    if (signature.status !== 'valid') throw new ArchiveRequestError('bad-request', signature.status === 'bad' ? signature.reason : `${changesFile.name} is not signed`);
    const allowed =
      signature.fingerprint === this.archiveKey.fingerprint ||
      config.uploaders.some((u) => u.repository === distribution.repository && u.fingerprint === signature.fingerprint);
    if (!allowed) throw new ArchiveRequestError('bad-request', `key ${signature.fingerprint} may not upload to repository ${distribution.repository}`);
    const refs: FileRef[] = [];
    for (const file of [changesFile, ...changes.files.map((listed) => ({ name: listed.name, bytes: byName.get(listed.name)! }))]) {
      refs.push({ name: file.name, ...(await this.blobs.putBuffer(file.bytes)) });
    }
    const source = String(changes.source);
    const version = formatVersion(changes.sourceVersion);
    return this.archive.run(distribution, {
      type: 'InstallPackage',
      data: {
        distribution,
        source,
        version,
        files: refs,
        binaries: binariesOf(refs, version),
        versionsInRepository: await this.archive.versionsInRepository(distribution.repository, source),
      },
      metadata,
    });
  }
}
