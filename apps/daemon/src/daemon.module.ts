import { Module, type DynamicModule } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { BuilderModule } from '@mbd/builder';
import { ConfigModule, type MbdConfig } from '@mbd/config';
import { EventsModule } from '@mbd/events';
import { IncomingModule } from '@mbd/incoming';
import { ProjectionsModule } from '@mbd/projections';
import { RepositoryModule } from '@mbd/repository';
import { WebModule } from '@mbd/web';
import { WorkflowsModule } from '@mbd/workflows';
import { StatusWiring } from './status.wiring.js';

/** Makes a lib's module visible to every other module (the libs declare what they need by port). */
const everywhere = (module: DynamicModule): DynamicModule => ({ ...module, global: true });

/**
 * schroot chroot names are machine-wide: the default data directory keeps `mbd-<codename>-<arch>`,
 * any other gets a prefix of its own so that several instances (tests, sandboxes) never share one.
 */
const chrootPrefix = (config: MbdConfig): string =>
  config.dataDir === '/var/lib/mbd' ? 'mbd' : `mbd${createHash('sha256').update(config.dataDir).digest('hex').slice(0, 8)}`;

/** The one process: chooses the adapters from the configuration and composes the libs' modules. */
@Module({})
export class DaemonModule {
  static forRoot(config: MbdConfig): DynamicModule {
    return {
      module: DaemonModule,
      imports: [
        ConfigModule.forRoot(config),
        EventsModule.forRoot(config),
        everywhere(ProjectionsModule.forRoot(config)),
        everywhere(RepositoryModule.forRoot(config)),
        everywhere(IncomingModule.forRoot(config)),
        everywhere(BuilderModule.forRoot(config, { chroots: { namePrefix: chrootPrefix(config) } })),
        WorkflowsModule.forRoot(config),
        WebModule.forRoot(config),
      ],
      providers: [StatusWiring],
    };
  }
}
