import { Inject, Injectable, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';
import { EventStore } from '@mbd/events';
import { join } from 'node:path';
import { BuildDispatcher } from './building/build-dispatcher.js';
import { ChrootCommandsService } from './chroots/chroot-commands.service.js';
import { ConfigurationService } from './configuration/configuration.service.js';
import { ArchiveCommandsService } from './installing/archive-commands.service.js';
import { InstallChangesService } from './installing/install-changes.service.js';
import { InstallProcessManager } from './installing/install.process-manager.js';
import { RepositoryCommandsService } from './repositories/repository-commands.service.js';
import { PackagerReactor } from './packager/packager.reactor.js';
import { FirstStart } from './setup/first-start.js';
import { LogFollower } from './support/log-follower.js';
import { UploaderCommandsService } from './uploaders/uploader-commands.service.js';

export const WORKFLOW_FOLLOWERS = Symbol('WORKFLOW_FOLLOWERS');

/** Starts the followers (packager, install) once every module is ready, stops them on shutdown. */
@Injectable()
class FollowersLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(WORKFLOW_FOLLOWERS) private readonly followers: LogFollower[]) {}

  onApplicationBootstrap(): void {
    for (const follower of this.followers) follower.start();
  }

  onApplicationShutdown(): void {
    for (const follower of this.followers) follower.stop();
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
        ArchiveCommandsService,
        InstallChangesService,
        ChrootCommandsService,
        UploaderCommandsService,
        RepositoryCommandsService,
        PackagerReactor,
        InstallProcessManager,
        BuildDispatcher,
        {
          provide: WORKFLOW_FOLLOWERS,
          inject: [EventStore, PackagerReactor, InstallProcessManager],
          useFactory: (store: EventStore, packager: PackagerReactor, install: InstallProcessManager) => [
            new LogFollower(store, 'packager', join(checkpoints, 'packager.json'), (event) => packager.handle(event)),
            new LogFollower(store, 'install', join(checkpoints, 'install.json'), (event) => install.handle(event)),
          ],
        },
        FollowersLifecycle,
      ],
      exports: [RepositoryCommandsService, ChrootCommandsService, UploaderCommandsService, ConfigurationService, ArchiveCommandsService, InstallChangesService, BuildDispatcher, WORKFLOW_FOLLOWERS],
    };
  }
}

