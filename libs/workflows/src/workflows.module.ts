import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';
import { EventStore, FileCheckpoint, type LogFollower } from '@mbd/events';
import { join } from 'node:path';
import { BuildDispatcher } from './building/build-dispatcher.js';
import { RemoteBuilds } from './building/remote-builds.service.js';
import { ChrootCommandsService } from './chroots/chroot-commands.service.js';
import { ConfigurationService } from './configuration/configuration.service.js';
import { ArchiveCommandsService } from './installing/archive-commands.service.js';
import { InstallChangesService } from './installing/install-changes.service.js';
import { InstallProcessManager } from './installing/install.process-manager.js';
import { RepositoryCommandsService } from './repositories/repository-commands.service.js';
import { PackagerReactor } from './packager/packager.reactor.js';
import { SourceLintianReactor } from './packager/source-lintian.reactor.js';
import { FirstStart } from './setup/first-start.js';
import { OwnUploads } from './own-uploads/own-uploads.js';
import { PorterReactor } from './porting/porter.reactor.js';
import { ExternalPortService } from './porting/external-port.service.js';
import { PortLineageService } from './porting/port-lineage.service.js';
import { ParkedEventsService } from './followers/parked-events.service.js';
import { reactorFollower, type Reactor } from './support/reactor-follower.js';
import { UploaderCommandsService } from './uploaders/uploader-commands.service.js';
import { KeyringPackagesProcessManager } from './keyring-package/keyring-packages.process-manager.js';
import { KeyringPackagesService } from './keyring-package/keyring-packages.service.js';
import { TestPackagesService } from './test-packages/test-packages.service.js';
import { SnapshotsService } from './snapshots/snapshots.service.js';
import { DebdiffService } from './debdiff/debdiff.service.js';
import { UploadRetryService } from './retrying/upload-retry.service.js';
import { NoticeReader } from './notifications/notice-reader.js';
import { NotificationDeliveries } from './notifications/notification-deliveries.service.js';
import { NotificationSettingsService } from './notifications/notification-settings.service.js';
import { NotificationsReactor } from './notifications/notifications.reactor.js';
import { startingAtHead } from './notifications/start-at-head.js';
import { SubscriptionsService } from './notifications/subscriptions.service.js';

export const WORKFLOW_FOLLOWERS = Symbol('WORKFLOW_FOLLOWERS');

/** Starts the followers (packager, source lintian, install) once every module is ready, stops them on shutdown. */
@Injectable()
class FollowersLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(WORKFLOW_FOLLOWERS) private readonly followers: LogFollower[]) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const follower of this.followers) await follower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.followers.map((follower) => follower.stop()));
  }
}

/**
 * The process managers that move an upload along: the packager (review → builds), the build
 * dispatcher (queue → builder), the install process manager (all built → installed), plus the
 * archive commands the API runs and the first-start sandbox setup.
 */
@Module({})
export class WorkflowsModule {
  static forRoot(config: MbdConfig): DynamicModule {
    const checkpoints = join(config.dataDir, 'checkpoints');
    return {
      module: WorkflowsModule,
      global: true,
      providers: [
        ConfigurationService,
        FirstStart,
        ParkedEventsService,
        ArchiveCommandsService,
        OwnUploads,
        PorterReactor,
        ExternalPortService,
        PortLineageService,
        InstallChangesService,
        ChrootCommandsService,
        UploaderCommandsService,
        RepositoryCommandsService,
        PackagerReactor,
        InstallProcessManager,
        BuildDispatcher,
        RemoteBuilds,
        SourceLintianReactor,
        SnapshotsService,
        DebdiffService,
        UploadRetryService,
        KeyringPackagesService,
        KeyringPackagesProcessManager,
        TestPackagesService,
        NotificationSettingsService,
        NotificationDeliveries,
        NoticeReader,
        NotificationsReactor,
        SubscriptionsService,
        {
          provide: WORKFLOW_FOLLOWERS,
          inject: [EventStore, PackagerReactor, SourceLintianReactor, InstallProcessManager, KeyringPackagesProcessManager, PorterReactor, NotificationsReactor],
          useFactory: (store: EventStore, ...reactors: [PackagerReactor, SourceLintianReactor, InstallProcessManager, KeyringPackagesProcessManager, PorterReactor, NotificationsReactor]) => {
            const [packager, sourceLintian, install, keyringPackages, porter, notifications] = reactors;
            const follower = (name: string, reactor: Reactor) => reactorFollower(store, name, reactor, new FileCheckpoint(join(checkpoints, `${name}.json`)));
            return [follower('packager', packager), follower('source-lintian', sourceLintian), follower('install', install), follower('keyring-packages', keyringPackages), follower('porter', porter), reactorFollower(store, 'notifications', notifications, startingAtHead(new FileCheckpoint(join(checkpoints, 'notifications.json')), store))];
          },
        },
        FollowersLifecycle,
      ],
      exports: [SubscriptionsService, NotificationSettingsService, ExternalPortService, PortLineageService, DebdiffService, UploadRetryService, KeyringPackagesService, TestPackagesService, SnapshotsService, OwnUploads, ParkedEventsService, RepositoryCommandsService, ChrootCommandsService, UploaderCommandsService, ConfigurationService, ArchiveCommandsService, InstallChangesService, BuildDispatcher, RemoteBuilds, WORKFLOW_FOLLOWERS],
    };
  }
}

