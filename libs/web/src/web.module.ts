import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import type { MbdConfig } from '@mbd/config';
import { ADMIN_TOKEN, AdminTokenGuard } from './auth/authenticated.decorator.js';
import { loadOrCreateAdminToken } from './auth/admin-token.js';
import { ArchiveController } from './archive/archive.controller.js';
import { ChrootsController } from './chroots/chroots.controller.js';
import { RepositoriesController } from './repositories/repositories.controller.js';
import { BuildsController } from './builds/builds.controller.js';
import { BuildersController } from './builders/builders.controller.js';
import { RemoteBuildsController } from './builders/remote-builds.controller.js';
import { EventsController } from './events/events.controller.js';
import { FollowersController } from './followers/followers.controller.js';
import { HttpErrorFilter } from './http-error.filter.js';
import { KeyringPackagesController } from './keyring/keyring-packages.controller.js';
import { LogController } from './log/log.controller.js';
import { PackagesController } from './packages/packages.controller.js';
import { PortsController } from './packages/ports.controller.js';
import { ProjectionsController } from './projections/projections.controller.js';
import { UploadsController } from './uploads/uploads.controller.js';
import { UploadRetryController } from './uploads/upload-retry.controller.js';
import { PAGE_CONTROLLERS } from './pages/page-controllers.js';
import { PageSessionsService } from './pages/session/page-sessions.service.js';
import { ChainVerifier } from './pages/audit/chain-verifier.service.js';
import { PageCache } from './pages/page-cache.interceptor.js';
import { StatusController } from './status/status.controller.js';
import { AccountsService } from './users/accounts.service.js';
import { RepositoryLookup } from './auth/repository-reach.js';
import { TokensController } from './users/tokens.controller.js';
import { UserKeysController } from './users/user-keys.controller.js';
import { UserKeysService } from './users/user-keys.service.js';
import { UsersController } from './users/users.controller.js';
import { WhoamiController } from './users/whoami.controller.js';
import { SnapshotsController } from './snapshots/snapshots.controller.js';
import { NotificationsController } from './subscriptions/notifications.controller.js';
import { SubscriptionsController } from './subscriptions/subscriptions.controller.js';
import { WebhooksController } from './subscriptions/webhooks.controller.js';
import { SubscriptionsPageController } from './pages/subscriptions/subscriptions-page.controller.js';
import { SnapshotDeliveryService } from './snapshots/snapshot-delivery.service.js';
import { SHOW_CONTROLLERS, SHOW_PROVIDERS } from './show/show.registration.js';
import { StatusRegistry } from './status/status.service.js';
import { MAX_SSE_CONNECTIONS, SseConnections, SseLimitInterceptor } from './http/sse-limit.interceptor.js';

/** The REST API and the web pages: controllers parse, authorize and dispatch; the work is done by the lib services they call. */
@Global()
@Module({})
export class WebModule {
  static forRoot(config: MbdConfig, controllers: DynamicModule['controllers'] = []): DynamicModule {
    return {
      module: WebModule,
      controllers: [StatusController, EventsController, LogController, ProjectionsController, PackagesController, PortsController, BuildsController, BuildersController, RemoteBuildsController, UploadsController, UploadRetryController, ArchiveController, ChrootsController, RepositoriesController, FollowersController, KeyringPackagesController, SnapshotsController, UsersController, TokensController, UserKeysController, WhoamiController, SubscriptionsController, WebhooksController, NotificationsController, SubscriptionsPageController, ...SHOW_CONTROLLERS, ...PAGE_CONTROLLERS, ...(controllers ?? [])],
      providers: [{ provide: APP_FILTER, useClass: HttpErrorFilter }, { provide: APP_INTERCEPTOR, useFactory: () => new PageCache() }, { provide: ADMIN_TOKEN, useFactory: () => loadOrCreateAdminToken(config) }, AdminTokenGuard, StatusRegistry, { provide: MAX_SSE_CONNECTIONS, useValue: config.maxSseConnections }, SseConnections, SseLimitInterceptor, PageSessionsService, ChainVerifier, SnapshotDeliveryService, AccountsService, UserKeysService, RepositoryLookup, ...SHOW_PROVIDERS],
      exports: [StatusRegistry, ADMIN_TOKEN, AdminTokenGuard, SseConnections, PageSessionsService, ChainVerifier, SnapshotDeliveryService, AccountsService, RepositoryLookup],
    };
  }
}
