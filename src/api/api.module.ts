import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { TerminusModule } from '@nestjs/terminus';
import { apiConfig, type ApiConfig } from './api.config';
import { OrchestratorsResolver } from './graphql/orchestrators.resolver';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { OrchestratorsController } from './orchestrators.controller';

/** REST controllers, GraphQL resolvers and DTOs; nothing else. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    const graphql = config.graphql
      ? [
          GraphQLModule.forRoot<MercuriusDriverConfig>({
            driver: MercuriusDriver,
            autoSchemaFile: true,
            sortSchema: true,
            path: '/graphql',
            graphiql: config.graphiql,
          }),
        ]
      : [];
    return {
      module: ApiModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...graphql],
      controllers: [OrchestratorsController, HealthController, MetricsController],
      providers: [apiConfig.provider, ...(config.graphql ? [OrchestratorsResolver] : [])],
    };
  }
}
