import { Logger, Module, type DynamicModule } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';
import { EventStore } from '@mbd/events';
import type { DataSource } from 'typeorm';
import { READ_MODELS, ProjectionsService } from './projections.service.js';
import { openReadModels } from './read-models.data-source.js';
import { readModelProjections } from './read-models.projections.js';
import { ProjectionRunner } from './runner/projection-runner.js';

/**
 * The read models: opens and migrates their database, runs every projection from application
 * bootstrap to shutdown, and exports ProjectionsService. Needs an EventStore provider in scope.
 */
@Module({})
export class ProjectionsModule {
  static forRoot(config: MbdConfig): DynamicModule {
    const logger = new Logger('projections');
    return {
      module: ProjectionsModule,
      providers: [
        { provide: READ_MODELS, useFactory: () => openReadModels(config) },
        {
          provide: ProjectionRunner,
          inject: [READ_MODELS, EventStore],
          useFactory: (dataSource: DataSource, store: EventStore) =>
            new ProjectionRunner(dataSource, store, readModelProjections, {
              onError: (projection, error) =>
                logger.error(`${projection}: ${error instanceof Error ? error.message : String(error)} (retrying)`),
            }),
        },
        ProjectionsService,
      ],
      exports: [ProjectionsService, READ_MODELS],
    };
  }
}
