import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { lexicographicSortSchema, printSchema } from 'graphql';
import type { CreateAppOptions } from '../src/app.factory';
import { validateConfig } from '../src/core/config/config.loader';
import { sequentialIds } from '../src/core/runtime/id-generator';

/** The generated API reference, as committed under docs/api/. */
export interface ApiDocs {
  /** docs/api/openapi.json: the OpenAPI document the app serves at /docs-json, keys sorted. */
  readonly openapi: string;
  /** docs/api/schema.graphql: the GraphQL schema the app serves at /graphql, in SDL, types sorted. */
  readonly schema: string;
}

/** Where the files live, relative to the repository root. */
export const API_DOCS_FILES = { openapi: 'docs/api/openapi.json', schema: 'docs/api/schema.graphql' } as const;

/** Builds an application without listening; the service's `createApp`, or the tests' tracked one. */
export type AppFactory = (options: CreateAppOptions) => Promise<NestFastifyApplication>;

/**
 * Boots the application with the built-in orchestrators only, a fixed configuration (defaults, quiet logs, no
 * periodic jobs, both APIs on) and its database in `dataDir`, reads the OpenAPI document and the GraphQL schema it
 * builds, and closes it. The output depends on the code alone, never on the environment or the machine.
 */
export async function generateApiDocs(create: AppFactory, dataDir: string): Promise<ApiDocs> {
  const config = validateConfig({
    logging: { level: 'silent', httpRequests: false },
    kernel: { shutdownTimeoutMs: 1000 },
    metrics: { defaultMetrics: false },
    telemetry: { cycleEveryMs: 0 },
    content: { ytDlp: 'off' },
    persistence: { dataDir },
    api: { docs: true, graphql: true, graphiql: false },
    // The documents are read without a key; the generated bootstrap key is never printed by a closed app.
    security: { openDocs: true },
  });
  const app = await create({ config, ids: sequentialIds('api-docs') });
  try {
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const res = await fastify.inject({ method: 'GET', url: '/docs-json' });
    if (res.statusCode !== 200) throw new Error(`GET /docs-json answered ${res.statusCode}`);
    const { schema } = app.get(GraphQLSchemaHost);
    return {
      openapi: `${JSON.stringify(sortKeys(res.json()), null, 2)}\n`,
      schema: `${printSchema(lexicographicSortSchema(schema)).trimEnd()}\n`,
    };
  } finally {
    await app.close();
  }
}

/** A copy with every object's keys in code-point order (JSON object order carries no meaning in OpenAPI). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
