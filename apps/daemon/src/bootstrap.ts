import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadConfig, type MbdConfig } from '@mbd/config';
import { ArchiveAt } from '@mbd/repository';
import { configureHttp, loadOrCreateAdminToken } from '@mbd/web';
import { DaemonModule } from './daemon.module.js';

export async function bootstrapDaemon(config: MbdConfig = loadConfig()): Promise<void> {
  // A short or empty admin token stops start-up here, with a message naming the file or variable.
  loadOrCreateAdminToken(config);
  const app = await NestFactory.create<NestExpressApplication>(DaemonModule.forRoot(config), {
    bodyParser: false,
    logger: ['error', 'warn', 'log', ...(config.logLevel === 'debug' || config.logLevel === 'verbose' ? (['debug', 'verbose'] as const) : [])],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const timeTravel = app.get(ArchiveAt);
  configureHttp(app, config, { timeTravel });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('mbd').setDescription('Debian build daemon and APT archive').setVersion('0.1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.listen(config.httpPort, config.bind);
  new Logger('mbd').log(`HTTP on http://${config.bind}:${config.httpPort}/ (data in ${config.dataDir})`);
}
