import { Global, Module, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { configSchema, ConfigModule, type MbdConfig } from '@mbd/config';
import { EventStore, InMemoryEventStore } from '@mbd/events';
import { ArchiveKey } from '@mbd/gpg';
import { HttpUploadReceiver } from '@mbd/incoming';
import { ProjectionsService } from '@mbd/projections';
import { ArchiveCommandsService, BuildDispatcher, ConfigurationService, InstallChangesService, RemoteBuilds, SnapshotsService } from '@mbd/workflows';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { Subject } from 'rxjs';
import { configureHttp } from '../http/configure-http.js';
import type { TimeTravel } from '../repositories/repository-delivery.middleware.js';
import { WebModule } from '../web.module.js';

/** What the stubbed services saw, for assertions. */
export interface WebAppCalls {
  readonly migrations: unknown[];
  readonly installs: number[];
  readonly uploads: { name: string; bytes: number }[];
}

export interface WebApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly port: number;
  readonly store: InMemoryEventStore;
  readonly calls: WebAppCalls;
  /** Live logs of "running" builds, by build id. */
  readonly buildLogs: Map<string, Subject<string>>;
  close(): Promise<void>;
}

export const ADMIN_TOKEN_FOR_TESTS = 'test-admin-token-0123456789abcdef';

/**
 * The real WebModule (controllers, guard, filter, SSE cap) and the daemon's HTTP setup (configureHttp)
 * on a free port of 127.0.0.1, with the services behind the controllers stubbed (those the tests use)
 * or empty.
 */
export interface WebAppOptions {
  readonly dataDir: string;
  readonly timeTravel: TimeTravel;
  readonly env?: Partial<MbdConfig>;
  /** Services of a test's own (e.g. a ProjectionsService with the read-model answers its pages show), replacing the stubs below. */
  readonly providers?: readonly { readonly provide: unknown; readonly useValue: unknown }[];
}

export async function startWebApp(options: WebAppOptions): Promise<WebApp> {
  const config = configSchema.parse({ dataDir: options.dataDir, adminToken: ADMIN_TOKEN_FOR_TESTS, ...options.env });
  const store = new InMemoryEventStore();
  const calls: WebAppCalls = { migrations: [], installs: [], uploads: [] };
  const buildLogs = new Map<string, Subject<string>>();
  const stubs = [
    { provide: EventStore, useValue: store },
    { provide: ProjectionsService, useValue: { listBuildQueue: async () => [], listAuditLog: async () => ({ items: [], nextAfter: null }) } },
    /** No snapshots: pages and snippets that list them show none. */
    { provide: SnapshotsService, useValue: { ofRepository: async () => [], find: async () => undefined } },
    { provide: BuildDispatcher, useValue: { log: (buildId: string) => buildLogs.get(buildId)?.asObservable() } },
    /** No remote builders: none listed, no waiting reasons. */
    { provide: RemoteBuilds, useValue: { list: async () => [], waitingReasons: async () => new Map() } },
    {
      provide: HttpUploadReceiver,
      useValue: {
        receive: async (name: string, body: Readable) => {
          let bytes = 0;
          for await (const chunk of body) bytes += (chunk as Buffer).length;
          calls.uploads.push({ name, bytes });
        },
      },
    },
    { provide: ConfigurationService, useValue: { current: () => ({ repositories: new Map([['test', { repository: 'test' }]]) }) } },
    { provide: ArchiveKey, useValue: { fingerprint: '0123456789ABCDEF0123456789ABCDEF01234567', publicArmored: '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n' } },
    {
      provide: ArchiveCommandsService,
      useValue: {
        /** A source named "slow" takes 2.5 s, like a long rebuild. */
        migrate: async (distribution: string, source: string) => {
          if (source === 'slow') await new Promise((resolve) => setTimeout(resolve, 2500));
          calls.migrations.push({ distribution, source });
          return { migrated: source };
        },
      },
    },
    {
      provide: InstallChangesService,
      useValue: {
        install: async (files: { bytes: Buffer }[]) => {
          calls.installs.push(files.reduce((total, file) => total + file.bytes.length, 0));
          return { installed: files.length };
        },
      },
    },
  ];
  const own = options.providers ?? [];
  const providers = [...stubs.filter((stub) => !own.some((provider) => provider.provide === stub.provide)), ...own] as typeof stubs;
  @Global()
  @Module({ providers, exports: providers.map((stub) => stub.provide) })
  class StubsModule {}
  // Services no test here calls (chroots, uploaders, …) are empty objects.
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), StubsModule, WebModule.forRoot(config)] })
    .useMocker(() => ({}))
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureHttp(app, config, { timeTravel: options.timeTravel });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    calls,
    buildLogs,
    async close() {
      for (const log of buildLogs.values()) log.complete();
      await app.close();
    },
  };
}
