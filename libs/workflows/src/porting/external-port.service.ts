import { Inject, Injectable } from '@nestjs/common';
import type { CommandMetadata, PortOrigin } from '@mbd/archive';
import { formatVersion } from '@mbd/debian';
import { ArchiveKey } from '@mbd/gpg';
import { INCOMING_SETTINGS, type IncomingSettings } from '@mbd/incoming';
import { BlobStore } from '@mbd/repository';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveCommandsService, ArchiveRequestError, type ArchiveCommandResult, type PortOptions } from '../installing/archive-commands.service.js';
import { uploaderKeyring } from '../packager/uploader-keyring.js';
import { ExternalDscProblem, externalDscName, fetchExternalDsc } from './fetch-external-dsc.js';

export interface ExternalPortRequest extends PortOptions {
  readonly dsc: string;
  readonly to: readonly string[];
  readonly allowUnauthenticated?: boolean;
}

/** A whole port_ext may take this long to download (the .dsc and all its files). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * mini-buildd's `port_ext`: downloads a .dsc and its files over http(s) within the incoming upload
 * limits, checks its signature against the target repositories' uploader keyrings (and the archive
 * key) unless unauthenticated ports are allowed for this call, checks each file against the .dsc,
 * stores them as blobs and issues PortPackage into each target. A .dsc it cannot take is refused
 * there (ArchiveCommandRefused with the reason) and nothing is stored.
 */
@Injectable()
export class ExternalPortService {
  constructor(
    private readonly archive: ArchiveCommandsService,
    private readonly configuration: ConfigurationService,
    private readonly blobs: BlobStore,
    private readonly key: ArchiveKey,
    @Inject(INCOMING_SETTINGS) private readonly incoming: IncomingSettings,
  ) {}

  async port(request: ExternalPortRequest, metadata: CommandMetadata): Promise<ArchiveCommandResult[]> {
    const name = externalDscName(request.dsc);
    if (!name) throw new ArchiveRequestError('bad-request', `'${request.dsc.replace(/[?#].*/s, '').slice(0, 200)}' is no http(s) URL of a <source>_<version>.dsc file (without a query or fragment, which would be recorded)`);
    const targets = request.to.map((target) => this.archive.settings(target));
    const repositories = new Set(targets.map((target) => target.repository));
    const uploaders = this.configuration.current().uploaders.filter((uploader) => repositories.has(uploader.repository));
    const keyring = await uploaderKeyring(uploaders, this.blobs, this.key);
    const work = await mkdtemp(join(tmpdir(), 'mbd-port-ext-'));
    let origin: Extract<PortOrigin, { kind: 'external' }>;
    try {
      const fetched = await fetchExternalDsc(name, work, {
        keyring,
        allowUnauthenticated: request.allowUnauthenticated === true,
        limits: { maxBytes: this.incoming.limits.maxFileBytes, timeoutMs: DOWNLOAD_TIMEOUT_MS },
        maxTotalBytes: this.incoming.limits.maxUploadBytes,
      });
      const files = [];
      for (const file of fetched.files) files.push({ name: file.name, ...(await this.blobs.putFile(file.path)) });
      origin = {
        kind: 'external',
        url: name.url.href,
        version: formatVersion(fetched.dsc.version),
        files,
        ...(fetched.signedBy ? { signedBy: fetched.signedBy } : { unauthenticated: true }),
      };
    } catch (error) {
      if (!(error instanceof ExternalDscProblem)) throw error;
      origin = { kind: 'external', url: name.url.href, version: name.version, problem: error.refusal };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    const options: PortOptions = { ...(request.version ? { version: request.version } : {}), ...(request.options ? { options: request.options } : {}) };
    const results = await this.archive.portExternal(name.source, origin, request.to, options, metadata);
    // Recorded as refused in every target; the caller gets the reason as a client error.
    if (origin.problem) throw new ArchiveRequestError('bad-request', `port_ext of ${name.url.href} refused (${origin.problem.reason}): ${origin.problem.message}`);
    return results;
  }
}
