import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { daemonNameOf, loadConfig, type MbdConfig } from '@mbd/config';
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
  // The OpenAPI document is built on the first request for it, not before the daemon answers.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle('mbd').setDescription('Debian build daemon and APT archive').setVersion('0.1.0').addBearerAuth().build(),
    );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.listen(config.httpPort, config.bind);
  const logger = new Logger('mbd');
  logger.log(`HTTP on http://${config.bind}:${config.httpPort}/ (data in ${config.dataDir}), daemon ${daemonNameOf(config)}`);
  if (config.eventStore !== 'sqlite' && config.daemonName === undefined) {
    // A shared store keeps this name on the builds and the work this daemon claims; a restart under another name leaves them to nobody.
    logger.warn(`MBD_DAEMON_NAME is not set: with a shared event store, set it to a name this daemon keeps across restarts (now ${daemonNameOf(config)}, from the host name and HTTP port)`);
  }
}
