import { IsArray, IsBoolean, Matches } from 'class-validator';
import { defineConfigSection } from '../core/config/config-section';

/** The generic HTTP surface: GraphQL, GraphiQL and the OpenAPI page. */
export class ApiConfig {
  /** Serve GraphQL at /graphql. Default true (env `GRAPHQL_ENABLED`). */
  @IsBoolean() graphql = true;
  /** Serve the GraphiQL IDE at /graphiql. Default false (env `GRAPHIQL_ENABLED`). */
  @IsBoolean() graphiql = false;
  /** Serve OpenAPI at /docs. Default true (env `DOCS_ENABLED`). */
  @IsBoolean() docs = true;
  /**
   * Origins allowed to call the API from a browser (CORS), e.g. `https://console.example.com`. Empty: no CORS
   * headers at all, so browsers on other origins cannot read answers. Default empty (env `CORS_ORIGINS`, comma-separated).
   */
  @IsArray()
  @Matches(/^https?:\/\/[^/\s]+$/, {
    each: true,
    message: 'each of api.corsOrigins must be an origin such as https://console.example.com',
  })
  corsOrigins: string[] = [];
}

export const apiConfig = defineConfigSection({
  key: 'api',
  schema: ApiConfig,
  env: { graphql: 'GRAPHQL_ENABLED', graphiql: 'GRAPHIQL_ENABLED', docs: 'DOCS_ENABLED', corsOrigins: 'CORS_ORIGINS' },
});

declare module '../core/config/app-config' {
  interface AppConfig {
    api: ApiConfig;
  }
}
