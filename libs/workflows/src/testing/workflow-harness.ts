import { Global, Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { defaultLayout, uploadDecider } from '@mbd/archive';
import { ConfigModule, configSchema } from '@mbd/config';
import {
  EventStore,
  RepositoryCreated,
  SqliteEventStore,
  UploaderAdded,
  configurationStream,
  handleCommand,
  uploadStream,
  type DataOf,
  type FileRef,
  type RecordedEvent,
  type RepositoryConfig,
  type UploadReceived,
} from '@mbd/events';
import { ArchiveKey, GnupgHome, loadOrCreateArchiveKey } from '@mbd/gpg';
import { ProjectionsModule, ProjectionsService } from '@mbd/projections';
import { BlobStore, FsBlobStore } from '@mbd/repository';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationService } from '../configuration/configuration.service.js';
import { ArchiveCommandsService } from '../installing/archive-commands.service.js';
import { daemonCommandMetadata } from '../support/command-metadata.js';

/** The repository of every workflow test: `test`, bookworm (codeversion 12) on amd64, mini-buildd's Default layout. */
export const testRepository: RepositoryConfig = {
  repository: 'test',
  layout: defaultLayout,
  codenames: [{ codename: 'bookworm', codeversion: '12', architectures: [{ architecture: 'amd64', optional: false }], archAllOn: 'amd64', components: ['main'] }],
  allowUnsignedUploads: false,
  uploadPolicy: 'source-only',
};

export const UNSTABLE = 'bookworm-test-unstable';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

/** A source package as dpkg-source would name its files (the tarballs' bytes are opaque: nothing here unpacks them). */
export interface SourcePackage {
  readonly source: string;
  readonly version: string;
  readonly dsc: FileRef;
  readonly orig: FileRef;
  readonly debian: FileRef;
}

export interface SourceOptions {
  /** What the .dsc claims (default: the package's own source and version). */
  readonly dscSource?: string;
  readonly dscVersion?: string;
  /** The .dsc's whole text instead of a well-formed one. */
  readonly dscText?: string;
  /** The orig tarball's bytes (default: the same for every revision of one upstream version). */
  readonly upstream?: string;
}

export type ReceivedData = DataOf<typeof UploadReceived>;

/**
 * Real pieces for the workflows' integration tests: a SQLite event store, a blob store and an archive
 * key in a temp directory, the read models over SQLite following the log, the configuration service,
 * one uploader key made by the real gpg (an UploaderAdded for repository `test`), and the services the
 * test names, built by Nest. Helpers make source packages and signed uploads as the intake records them.
 */
export class WorkflowHarness {
  private constructor(
    readonly dataDir: string,
    readonly store: SqliteEventStore,
    readonly blobs: FsBlobStore,
    readonly archiveKey: ArchiveKey,
    readonly gnupg: GnupgHome,
    readonly uploader: string,
    readonly app: INestApplication,
  ) {}

  static async create(name: string, services: Type[], providers: Provider[] = []): Promise<WorkflowHarness> {
    const dataDir = await mkdtemp(join(tmpdir(), `mbd-${name}-`));
    const store = await SqliteEventStore.open(join(dataDir, 'events.sqlite'));
    const blobs = new FsBlobStore(join(dataDir, 'blobs'));
    const archiveKey = await loadOrCreateArchiveKey(join(dataDir, 'gpg'), 'mbd test archive key');
    const gnupg = await GnupgHome.create();
    const uploader = await gnupg.generateKey('Uploader <uploader@example.org>', 'ed25519');
    const key = await blobs.putBuffer(Buffer.from(await gnupg.exportArmored(uploader)));
    const metadata = daemonCommandMetadata('setup');
    const setup = { actor: metadata.actor, correlationId: 'setup', occurredAt: metadata.now };
    await store.append(configurationStream('repository', 'test'), [RepositoryCreated.create(testRepository, setup)], 'no-stream');
    await store.append(
      configurationStream('uploader', `test-${uploader}`),
      [UploaderAdded.create({ repository: 'test', fingerprint: uploader, name: 'Uploader <uploader@example.org>', key: { name: 'uploader.asc', ...key } }, setup)],
      'no-stream',
    );

    const config = configSchema.parse({ dataDir });
    @Global()
    @Module({
      providers: [
        { provide: EventStore, useValue: store },
        { provide: BlobStore, useValue: blobs },
        { provide: ArchiveKey, useValue: archiveKey },
        ...providers,
      ],
      exports: [EventStore, BlobStore, ArchiveKey, ...providers.map((provider) => ('provide' in provider ? provider.provide : provider))],
    })
    class TestPortsModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), TestPortsModule, ProjectionsModule.forRoot(config)],
      providers: [ConfigurationService, ArchiveCommandsService, ...services],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return new WorkflowHarness(dataDir, store, blobs, archiveKey, gnupg, uploader, app);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.store.close();
    await this.gnupg.remove();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  get<T>(type: Type<T>): T {
    return this.app.get(type);
  }

  async put(name: string, content: string | Uint8Array): Promise<FileRef> {
    return { name, ...(await this.blobs.putBuffer(typeof content === 'string' ? Buffer.from(content) : content)) };
  }

  /** The .dsc, orig tarball and debian tarball of `source` `version` (e.g. `1.0-2~test12+1`, orig `source_1.0.orig.tar.xz`), all stored as blobs. */
  async sourcePackage(source: string, version: string, options: SourceOptions = {}): Promise<SourcePackage> {
    const upstreamVersion = version.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
    const bare = version.replace(/^\d+:/, '');
    const orig = await this.put(`${source}_${upstreamVersion}.orig.tar.xz`, options.upstream ?? `upstream sources of ${source} ${upstreamVersion}\n`);
    const debianBytes = Buffer.from(`debian/ of ${source} ${version}\n`);
    const debian = await this.put(`${source}_${bare}.debian.tar.xz`, debianBytes);
    const origBytes = await this.blobs.read(orig.sha256);
    const listed = [
      { ref: orig, bytes: origBytes },
      { ref: debian, bytes: debianBytes },
    ];
    const text =
      options.dscText ??
      [
        'Format: 3.0 (quilt)',
        `Source: ${options.dscSource ?? source}`,
        `Binary: ${source}`,
        'Architecture: any',
        `Version: ${options.dscVersion ?? version}`,
        'Maintainer: Uploader <uploader@example.org>',
        'Standards-Version: 4.6.2',
        'Build-Depends: debhelper-compat (= 13)',
        'Package-List:',
        ` ${source} deb misc optional arch=any`,
        'Checksums-Sha256:',
        ...listed.map(({ ref, bytes }) => ` ${sha256(bytes)} ${bytes.length} ${ref.name}`),
        'Files:',
        ...listed.map(({ ref, bytes }) => ` ${md5(bytes)} ${bytes.length} ${ref.name}`),
        '',
      ].join('\n');
    const dsc = await this.put(`${source}_${bare}.dsc`, text);
    return { source, version, dsc, orig, debian };
  }

  /**
   * The .changes an uploader would send for `files` (`debsign`ed by the uploader key unless `signed` is
   * false), as a blob; `entries` are the bullet lines of its changelog entry (MINI_BUILDD_OPTION lines too).
   */
  async changes(source: string, version: string, files: readonly FileRef[], signed = true, entries: readonly string[] = ['New upload.']): Promise<FileRef> {
    const bodies = await Promise.all(files.map(async (file) => ({ file, bytes: await this.blobs.read(file.sha256) })));
    const text = [
      'Format: 1.8',
      'Date: Wed, 25 Nov 2026 06:00:00 +0000',
      `Source: ${source}`,
      'Architecture: source',
      `Version: ${version}`,
      `Distribution: ${UNSTABLE}`,
      'Urgency: medium',
      'Maintainer: Uploader <uploader@example.org>',
      'Changed-By: Uploader <uploader@example.org>',
      'Changes:',
      ` ${source} (${version}) ${UNSTABLE}; urgency=medium`,
      ' .',
      ...entries.map((entry) => `   * ${entry}`),
      'Checksums-Sha256:',
      ...bodies.map(({ file, bytes }) => ` ${sha256(bytes)} ${bytes.length} ${file.name}`),
      'Files:',
      ...bodies.map(({ file, bytes }) => ` ${md5(bytes)} ${bytes.length} misc optional ${file.name}`),
      '',
    ].join('\n');
    const body = signed ? await this.gnupg.clearsign(text, this.uploader) : text;
    return this.put(`${source}_${version.replace(/^\d+:/, '')}_source.changes`, body);
  }

  /** What the intake records for a complete upload of `files` (the .changes signed by the uploader key). */
  async received(uploadId: string, source: string, version: string, files: readonly FileRef[], changes?: FileRef): Promise<ReceivedData> {
    return {
      uploadId,
      changes: changes ?? (await this.changes(source, version, files)),
      files: [...files],
      source,
      version,
      distribution: UNSTABLE,
      architectures: ['source'],
      changedBy: 'Uploader <uploader@example.org>',
      signedBy: this.uploader,
      via: 'ftp',
    };
  }

  /** Records the upload through the upload decider (as the intake does) and returns its UploadReceived. */
  async receive(data: ReceivedData): Promise<RecordedEvent> {
    const { events } = await handleCommand(this.store, uploadStream(data.uploadId), uploadDecider, {
      type: 'ReceiveUpload',
      data,
      metadata: daemonCommandMetadata(data.uploadId),
    });
    if (events.length !== 1) throw new Error(`upload ${data.uploadId} was received before`);
    return events[0]!;
  }

  async events(streamId: string): Promise<RecordedEvent[]> {
    return [...(await this.store.readStream(streamId))];
  }

  async uploadEvents(uploadId: string): Promise<RecordedEvent[]> {
    return this.events(uploadStream(uploadId));
  }

  /** Waits until the configuration and the read models include everything appended so far. */
  async settle(): Promise<void> {
    const head = await this.store.headPosition();
    await this.get(ConfigurationService).at(head);
    await this.get(ProjectionsService).waitForPosition(head);
  }
}
