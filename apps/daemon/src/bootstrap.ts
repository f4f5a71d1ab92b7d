import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@mbd/config';
import { DaemonModule } from './daemon.module.js';

export async function bootstrapDaemon(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(DaemonModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  await app.listen(config.httpPort, config.bind);
  new Logger('mbd').log(`HTTP on http://${config.bind}:${config.httpPort}/ (data in ${config.dataDir})`);
}
