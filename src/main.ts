import 'reflect-metadata';
import { ConsoleLogger, type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { loadConfig, type QuadraConfig } from './config/config';
import { correlationMiddleware } from './http/correlation.middleware';
import { ErrorFilter } from './http/error.filter';
import { createValidationPipe } from './http/validation.pipe';

/** JSON request bodies above this are refused with 413; file uploads have their own, larger limits. */
export const JSON_BODY_LIMIT = '1mb';

export async function createApp(config: QuadraConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    logger: options.logger === false ? false : new ConsoleLogger({ json: true }),
    bodyParser: false,
  });
  app.use(correlationMiddleware);
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  app.useBodyParser('text', { type: ['text/xml', 'application/xml', 'application/soap+xml'], limit: '2mb' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Quadra')
    .setDescription('pagoPA payments and reconciliation hub: dovuti, flussi, ricevute, rendicontazioni, tesoreria, riconciliazione')
    .setVersion('1')
    .addBearerAuth()
    .build();
  let built: ReturnType<typeof SwaggerModule.createDocument> | undefined;
  const document = () => (built ??= SwaggerModule.createDocument(app, doc));
  SwaggerModule.setup('docs', app, document);
  openApiDocuments.set(app, document);
  return app;
}

/** Builds the OpenAPI document (~0.4 s of blocking work) now rather than in the first request that asks for it. */
const openApiDocuments = new WeakMap<INestApplication, () => unknown>();
export const buildOpenApiDocument = (app: INestApplication): void => void openApiDocuments.get(app)?.();

async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  setImmediate(() => buildOpenApiDocument(app));
  const log = new Logger('quadra');
  log.log({ msg: 'Quadra listening', url: `http://localhost:${config.port}`, docs: `http://localhost:${config.port}/docs`, eventStore: config.eventStoreUrl, readStore: config.readStoreUrl, jobs: config.redisUrl ? 'bullmq' : 'inline' });
  if (config.adminTokenGenerated) {
    // Printed once on purpose: in embedded mode this is the only way to learn the generated admin token.
    process.stdout.write(`\nQuadra admin token (generated, set QUADRA_ADMIN_TOKEN to choose one): ${config.adminToken}\n\n`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`Quadra failed to start: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}
