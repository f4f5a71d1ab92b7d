import { Global, Inject, Module, type DynamicModule } from '@nestjs/common';
import type { MbdConfig } from './config.schema.js';

/** Injection token of the validated configuration. */
export const MBD_CONFIG = Symbol('MBD_CONFIG');
/** Parameter decorator: `constructor(@InjectConfig() private readonly config: MbdConfig)`. */
export const InjectConfig = (): ParameterDecorator => Inject(MBD_CONFIG);

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: MbdConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: MBD_CONFIG, useValue: config }], exports: [MBD_CONFIG] };
  }
}
