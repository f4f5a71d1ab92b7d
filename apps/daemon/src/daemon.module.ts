import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type MbdConfig } from '@mbd/config';
import { EventsModule } from '@mbd/events';
import { ProjectionsModule } from '@mbd/projections';
import { WebModule } from '@mbd/web';
import { StatusWiring } from './status.wiring.js';

/** The one process: chooses the adapters from the configuration and composes the libs' modules. */
@Module({})
export class DaemonModule {
  static forRoot(config: MbdConfig): DynamicModule {
    return {
      module: DaemonModule,
      imports: [ConfigModule.forRoot(config), EventsModule.forRoot(config), ProjectionsModule.forRoot(config), WebModule.forRoot(config)],
      providers: [StatusWiring],
    };
  }
}
