import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { TerminusModule } from '@nestjs/terminus';
import type { AppConfig } from '../core/config/app-config';
import { apiConfig } from './api.config';
import { OrchestratorsResolver } from './graphql/orchestrators.resolver';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OrchestratorsController } from './orchestrators.controller';

/** REST controllers, GraphQL resolvers and DTOs; nothing else. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    const graphql = config.api.graphql
      ? [
          GraphQLModule.forRoot<MercuriusDriverConfig>({
            driver: MercuriusDriver,
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            graphiql: config.api.graphiql,
          }),
        ]
      : [];
    return {
      module: ApiModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...graphql],
      controllers: [OrchestratorsController, HealthController, MetricsController],
      providers: [apiConfig.provider, ...(config.api.graphql ? [OrchestratorsResolver] : [])],
    };
  }
}
