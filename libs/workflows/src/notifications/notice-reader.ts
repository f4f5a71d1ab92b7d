import { Injectable, Logger } from '@nestjs/common';
import { InjectConfig, publicHostOf, type MbdConfig } from '@mbd/config';
import { parseChanges } from '@mbd/debian';
import {
  BuildFailed,
  BuildRequested,
  EventStore,
  PackageInstalled,
  PackageMigrated,
  PackageRemoved,
  UploadAccepted,
  UploadReceived,
  UploadRejected,
  parseStreamId,
  uploadStream,
  type FileRef,
  type RecordedEvent,
} from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { BlobStore } from '@mbd/repository';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { checkSignature } from '../packager/check-signature.js';
import { uploaderKeyring } from '../packager/uploader-keyring.js';
import type { Notice } from './notice.js';

/** Lines of a failed build's log a mail shows, and their size at most. */
export const LOG_TAIL_LINES = 40;
const LOG_TAIL_MAX_CHARS = 8_000;

/** The last `lines` lines of `log`, at most LOG_TAIL_MAX_CHARS characters. */
export const logTail = (log: string, lines = LOG_TAIL_LINES): string => log.replace(/\s+$/, '').split('\n').slice(-lines).join('\n').slice(-LOG_TAIL_MAX_CHARS);

/** The daemon's address as links in mails give it. */
export const publicUrlOf = (config: Pick<MbdConfig, 'publicHost' | 'bind' | 'httpPort'>): string => `http://${publicHostOf(config)}:${config.httpPort}`;

/**
 * Turns an event to notify about into a Notice: what the event says, plus what its upload's stream and
 * .changes add (source and version of a build, Changed-By, Maintainer, the known key that signed it)
 * and a failed build's log tail.
 */
@Injectable()
export class NoticeReader {
  private readonly logger = new Logger('notifications');
  private readonly publicUrl: string;

  constructor(
    private readonly store: EventStore,
    private readonly blobs: BlobStore,
    private readonly configuration: ConfigurationService,
    private readonly archiveKey: ArchiveKey,
    @InjectConfig() config: MbdConfig,
  ) {
    this.publicUrl = publicUrlOf(config);
  }

  /** The notice about `event`; undefined for an event that is not notified. */
  async noticeOf(event: RecordedEvent): Promise<Notice | undefined> {
    const { position } = event;
    if (UploadRejected.is(event)) {
      const upload = await this.upload(event.data.uploadId, position);
      const { source = upload.source, version = upload.version, distribution = upload.distribution, uploadId, reasons } = event.data;
      return { eventType: 'UploadRejected', position, ...defined({ source, version, distribution }), uploadId, reasons, links: this.links({ source, uploadId }), ...upload.people };
    }
    if (BuildFailed.is(event)) {
      const stream = parseStreamId(event.streamId);
      const uploadId = stream.kind === 'upload' ? stream.uploadId : undefined;
      const upload = uploadId === undefined ? undefined : await this.upload(uploadId, position, event.data.buildId);
      const logText = event.data.log ? await this.logTailOf(event.data.log) : undefined;
      return {
        eventType: 'BuildFailed',
        position,
        ...defined({ source: upload?.source, version: upload?.version, distribution: upload?.build ?? upload?.distribution, uploadId, logTail: logText }),
        architecture: event.data.architecture,
        reasons: [event.data.reason],
        links: [`${this.publicUrl}/builds/${encodeURIComponent(event.data.buildId)}`, ...this.links({ source: upload?.source, uploadId })],
        ...upload?.people,
      };
    }
    if (PackageInstalled.is(event)) {
      const { source, version, distribution, uploadId } = event.data;
      const upload = uploadId === undefined ? undefined : await this.upload(uploadId, position);
      return { eventType: 'PackageInstalled', position, source, version, distribution, ...defined({ uploadId }), reasons: [], links: this.links({ source, uploadId }), ...upload?.people };
    }
    if (PackageMigrated.is(event)) {
      const { source, version, from, to } = event.data;
      return { eventType: 'PackageMigrated', position, source, version, distribution: to, from, reasons: [], links: this.links({ source }) };
    }
    if (PackageRemoved.is(event)) {
      const { source, version, distribution, reason } = event.data;
      return { eventType: 'PackageRemoved', position, source, version, distribution, reasons: reason === undefined ? [] : [reason], links: this.links({ source }) };
    }
    return undefined;
  }

  private links({ source, uploadId }: { source?: string | undefined; uploadId?: string | undefined }): string[] {
    return [
      ...(uploadId === undefined ? [] : [`${this.publicUrl}/uploads/${encodeURIComponent(uploadId)}`]),
      ...(source === undefined ? [] : [`${this.publicUrl}/packages/${encodeURIComponent(source)}`]),
    ];
  }

  /**
   * What the upload's stream and its .changes say: source, version, distribution, a build's distribution,
   * Changed-By, Maintainer, and the known key that signed it: an accepted upload's as the packager
   * recorded it (UploadAccepted), a rejected one's by verifying its .changes against the uploader keys
   * and the archive key of the configuration at `position` (the event's).
   */
  private async upload(uploadId: string, position: number, buildId?: string) {
    let events: RecordedEvent[] = [];
    try {
      events = await this.store.readStream(uploadStream(uploadId));
    } catch (error) {
      this.logger.warn(`upload ${uploadId}: ${messageOf(error)}`);
    }
    const received = events.find((event) => UploadReceived.is(event));
    const accepted = events.find((event) => UploadAccepted.is(event));
    const build = events.find((event) => BuildRequested.is(event) && event.data.buildId === buildId);
    const data = received && UploadReceived.is(received) ? received.data : undefined;
    const changesText = data === undefined ? undefined : await this.textOf(data.changes);
    const signedBy =
      accepted && UploadAccepted.is(accepted)
        ? (accepted.data.signedBy ?? undefined)
        : data === undefined || changesText === undefined
          ? undefined
          : await this.knownSigner(data.changes.name, changesText, position);
    return {
      source: build && BuildRequested.is(build) ? build.data.source : data?.source,
      version: build && BuildRequested.is(build) ? build.data.version : data?.version,
      distribution: data?.distribution,
      build: build && BuildRequested.is(build) ? build.data.distribution : undefined,
      people: defined({ changedBy: data?.changedBy, maintainer: changesText === undefined || data === undefined ? undefined : maintainerOf(data.changes.name, changesText), signedBy }),
    };
  }

  /** The fingerprint of the uploader key (or the archive key) whose signature on the .changes verifies; undefined for an unsigned, foreign-signed or badly signed one. */
  private async knownSigner(name: string, text: string, position: number): Promise<string | undefined> {
    try {
      const { uploaders } = await this.configuration.at(position);
      const signature = await checkSignature(name, text, await uploaderKeyring(uploaders, this.blobs, this.archiveKey));
      return signature.status === 'valid' ? signature.fingerprint : undefined;
    } catch (error) {
      this.logger.warn(`${name}: the signature could not be checked, so Changed-By and Maintainer are not mailed: ${messageOf(error)}`);
      return undefined;
    }
  }

  /** The .changes' text; undefined when it is gone (a rejected upload's blobs expire). */
  private async textOf(changes: FileRef): Promise<string | undefined> {
    try {
      return (await this.blobs.read(changes.sha256)).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private async logTailOf(log: FileRef): Promise<string | undefined> {
    try {
      return logTail((await this.blobs.read(log.sha256)).toString('utf8'));
    } catch {
      return undefined;
    }
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The .changes' Maintainer; undefined when it cannot be read. */
function maintainerOf(name: string, text: string): string | undefined {
  try {
    return parseChanges(text, { what: name }).maintainer;
  } catch {
    return undefined;
  }
}

/** The entries of `fields` that are not undefined (optional properties stay absent, as the event schemas want). */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
