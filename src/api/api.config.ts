import { IsBoolean } from 'class-validator';
import { defineConfigSection } from '../core/config/config-section';

/** The generic HTTP surface: GraphQL, GraphiQL and the OpenAPI page. */
export class ApiConfig {
  /** Serve GraphQL at /graphql. Default true (env `GRAPHQL_ENABLED`). */
  @IsBoolean() graphql = true;
  /** Serve the GraphiQL IDE at /graphiql. Default false (env `GRAPHIQL_ENABLED`). */
  @IsBoolean() graphiql = false;
  /** Serve OpenAPI at /docs. Default true (env `DOCS_ENABLED`). */
  @IsBoolean() docs = true;
}

export const apiConfig = defineConfigSection({
  key: 'api',
  schema: ApiConfig,
  env: { graphql: 'GRAPHQL_ENABLED', graphiql: 'GRAPHIQL_ENABLED', docs: 'DOCS_ENABLED' },
});

declare module '../core/config/app-config' {
  interface AppConfig {
    api: ApiConfig;
  }
}
