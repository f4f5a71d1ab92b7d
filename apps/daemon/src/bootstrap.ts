import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadConfig, type MbdConfig } from '@mbd/config';
import { DaemonModule } from './daemon.module.js';

export async function bootstrapDaemon(config: MbdConfig = loadConfig()): Promise<void> {
  const app = await NestFactory.create(DaemonModule.forRoot(config), {
    logger: ['error', 'warn', 'log', ...(config.logLevel === 'debug' || config.logLevel === 'verbose' ? (['debug', 'verbose'] as const) : [])],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('mbd').setDescription('Debian build daemon and APT archive').setVersion('0.1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  await app.listen(config.httpPort, config.bind);
  new Logger('mbd').log(`HTTP on http://${config.bind}:${config.httpPort}/ (data in ${config.dataDir})`);
}
