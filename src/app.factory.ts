import type { IncomingHttpHeaders } from 'node:http';
import { NestFactory } from '@nestjs/core';
import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { applyConfigDefaults } from './core/http/openapi-config-defaults';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppModuleOptions } from './app.module';
import { BodyValidationPipe } from './api/body-validation.pipe';
import { validationExceptionFactory } from './api/validation-exception.factory';
import { HttpErrorFilter } from './api/http-error.filter';
import { EdgeFastifyAdapter, installHttpEdge } from './api/http-edge';
import { installSecurityHeaders } from './api/security-headers';
import { installOrchestrateRoute, ORCHESTRATE_PATH } from './api/orchestrate.route';
import { installRouteBodyLimits } from './api/route-body-limits';
import { OrchestrationFacade } from './core/facade/orchestration.facade';
import { SecurityBoundary } from './infrastructure/security/boundary/security-boundary';
import { BootLogger } from './core/logging/boot-logger';
import { createRootLogger, requestIdFrom } from './core/logging/logger.params';
import { randomIds } from './core/runtime/id-generator';
import { loadConfig, type LoadConfigOptions } from './core/config/config.loader';
import type { AppConfig } from './core/config/app-config';

/** Request headers a browser on an allowed origin may send. */
const CORS_HEADERS = [
  'authorization',
  'x-api-key',
  'content-type',
  'x-request-id',
  'x-tenant-id',
  'traceparent',
  'tracestate',
];

export interface CreateAppOptions extends Omit<AppModuleOptions, 'config'> {
  /** A ready configuration; otherwise it is loaded with `configOptions`. */
  readonly config?: AppConfig;
  readonly configOptions?: LoadConfigOptions;
}

/**
 * Builds the application (Fastify adapter, pino logging, validation, OpenAPI, shutdown hooks) without
 * listening; `main.ts`, the e2e tests and the benchmarks all start from here.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const config = options.config ?? loadConfig(options.configOptions);
  const ids = options.ids ?? randomIds;
  const logger = options.logger ?? createRootLogger(config);
  const adapter = new EdgeFastifyAdapter({
    bodyLimit: config.server.bodyLimitBytes,
    requestTimeout: config.server.requestTimeoutMs,
    requestIdHeader: false,
    genReqId: (req: { headers: IncomingHttpHeaders }) => requestIdFrom(req.headers['x-request-id'], ids),
    // Reject (never coerce or strip) what a route schema does not allow, and report every problem.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  });
  installHttpEdge(adapter.getInstance(), config.logging.httpRequests ? logger : undefined);
  // Before any route is registered: each route's own body limit is set as it is registered.
  installRouteBodyLimits(adapter.getInstance(), config.server);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ ...options, config, ids, logger }),
    adapter,
    {
      // Boot lines, and a boot failure, go to the root pino logger at its level until the container exists.
      logger: new BootLogger(logger),
      // Boot errors (config, database, Redis) reject instead of exiting the process; main.ts prints them and exits 1.
      abortOnError: false,
      // Signed webhook routes verify the exact bytes they received.
      rawBody: true,
    },
  );
  app.useLogger(app.get(Logger));
  installSecurityHeaders(adapter.getInstance());
  if (config.api.corsOrigins.length > 0)
    await app.register(cors, { origin: config.api.corsOrigins, allowedHeaders: CORS_HEADERS, maxAge: 600 });
  // Authentication runs as Fastify hooks, before any route (Nest's, the hot route, GraphQL, the OpenAPI pages).
  app.get(SecurityBoundary).install(adapter.getInstance());
  // The hot route skips Nest's router; registered before app.init(), where Nest registers its routes.
  installOrchestrateRoute(adapter.getInstance(), app.get(OrchestrationFacade), ids);
  adapter.directPostRoutes.add(ORCHESTRATE_PATH);
  app.useGlobalPipes(
    new BodyValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  if (config.api.docs) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Crew Orchestrator')
        .setDescription('Layered orchestrators over REST and GraphQL')
        .setVersion('0.1.0')
        .build(),
    );
    applyConfigDefaults(document, (section) => app.get(section, { strict: false }));
    SwaggerModule.setup('docs', app, document);
  }
  return app;
}
