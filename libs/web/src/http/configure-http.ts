import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MbdConfig } from '@mbd/config';
import type { Server } from 'node:http';
import express from 'express';
import { join } from 'node:path';
import { bearerToken, isAdminToken } from '../auth/admin-token-check.js';
import { ADMIN_TOKEN } from '../auth/authenticated.decorator.js';
import { staticAssets } from '../pages/assets/static-assets.js';
import { PageSessionsService } from '../pages/session/page-sessions.service.js';
import { SnapshotDeliveryService } from '../snapshots/snapshot-delivery.service.js';
import { repositoryDelivery, type TimeTravel } from '../repositories/repository-delivery.middleware.js';
import { applyHttpServerLimits } from './http-server-limits.js';
import { ConfigurationService } from '@mbd/workflows';
import { statusAnswer } from '../status/status-answer.js';
import { StatusRegistry } from '../status/status.service.js';
import { apiStatusFirst } from './api-status-first.js';
import { jsonBody } from './json-body.middleware.js';
import { liveTreeFiles } from './live-tree-files.js';
import { servedBeforeNest } from './served-before-nest.js';

export interface ConfigureHttpOptions {
  /** Past trees for `/repositories/<id>/@<position|time>/` (the daemon's ArchiveAt). */
  readonly timeTravel: TimeTravel;
}

/**
 * The HTTP side of the daemon before `listen`: server timeouts and connection caps, the JSON body
 * limits (small for the API, none for the streamed `PUT /upload/…`, the upload limit for admin
 * installs after their token check), the pages' form bodies and assets under `/static`, and the
 * repository delivery under `/repositories`, whose files of the live trees are answered before all of these (liveTreeFiles), as is a plain
 * `GET /api/status` (apiStatusFirst).
 * Needs an application created with `bodyParser: false` that imports WebModule.
 */
export function configureHttp(app: NestExpressApplication, config: MbdConfig, options: ConfigureHttpOptions): void {
  const logger = new Logger('http');
  applyHttpServerLimits(
    app.getHttpServer() as Server,
    {
      headersTimeoutMs: config.httpHeadersTimeoutS * 1000,
      requestTimeoutMs: config.httpRequestTimeoutS * 1000,
      idleTimeoutMs: config.httpIdleTimeoutS * 1000,
      maxConnections: config.httpMaxConnections,
      maxConnectionsPerAddress: config.httpMaxConnectionsPerAddress,
    },
    (message) => logger.warn(message),
  );
  const adminToken = app.get<string>(ADMIN_TOKEN);
  app.use(
    jsonBody({
      limit: config.maxJsonBodyBytes,
      setting: 'MBD_MAX_JSON_BODY_BYTES',
      streamed: ['/upload/'],
      large: [
        {
          method: 'POST',
          path: '/api/packages/install',
          limit: config.maxUploadBytes,
          setting: 'MBD_MAX_UPLOAD_BYTES',
          authorized: (request) => isAdminToken(bearerToken(request.headers.authorization), adminToken),
        },
      ],
    }),
  );
  // The pages' forms: small, flat, URL-encoded bodies (CSRF-checked by each page action). Never an upload's
  // file: Python's urllib (dput-ng's http method) labels a body without a guessed type (a .changes) as a form.
  const forms = express.urlencoded({ extended: false, limit: config.maxJsonBodyBytes, parameterLimit: 100 });
  app.use((request: express.Request, response: express.Response, next: express.NextFunction) => (request.path.startsWith('/upload/') ? next() : forms(request, response, next)));
  app.use('/static', staticAssets());
  const pages = app.get(PageSessionsService);
  const repositories = join(config.dataDir, 'repositories');
  const status = { registry: app.get(StatusRegistry), config, configuration: app.get(ConfigurationService) };
  servedBeforeNest(
    app.getHttpServer() as Server,
    app.getHttpAdapter().getInstance() as express.Express,
    liveTreeFiles(repositories),
    apiStatusFirst(() => statusAnswer(status, { withRepositories: false })),
  );
  app.use(
    '/repositories',
    repositoryDelivery({
      root: repositories,
      timeTravel: options.timeTravel,
      snapshots: app.get(SnapshotDeliveryService),
      adminToken,
      signedIn: (request) => pages.viewer(request) !== undefined,
    }),
  );
}
