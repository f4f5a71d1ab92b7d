import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import type { MbdConfig } from '@mbd/config';

@Controller('api')
class StatusController {
  @Get('status')
  status() {
    return { ok: true };
  }
}

@Module({})
export class DaemonModule {
  static forRoot(config: MbdConfig): DynamicModule {
    return { module: DaemonModule, controllers: [StatusController], providers: [{ provide: 'CONFIG', useValue: config }] };
  }
}
