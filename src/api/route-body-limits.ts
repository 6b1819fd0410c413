import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { ConfigError } from '../core/config/config.loader';
import type { ServerConfig } from '../core/config/kernel.config';
import { BODY_LIMIT_KEY } from '../core/http/body-limit.decorator';

/** Where the limit of a route comes from, kept in its Fastify config for the 413 message. */
const LIMIT_SOURCE_KEY = 'crew:body-limit-source';

/** The declared limit (`@BodyLimit`), a configured one (`server.routeBodyLimits`), or the server's. */
export type BodyLimitSource = 'route' | 'server.routeBodyLimits' | 'server.bodyLimitBytes';

/** A route's effective limit: the configured or declared one, cut down to the ceiling; else the ceiling. */
export function effectiveBodyLimit(
  ceiling: number,
  declared: number | undefined,
  configured: number | undefined,
): { readonly bytes: number; readonly source: BodyLimitSource } {
  const wanted = configured ?? declared;
  if (wanted === undefined || wanted >= ceiling) return { bytes: ceiling, source: 'server.bodyLimitBytes' };
  return { bytes: wanted, source: configured !== undefined ? 'server.routeBodyLimits' : 'route' };
}

/**
 * Gives each route registered from now on its own body limit (Fastify's route `bodyLimit`): the one configured for
 * it in `server.routeBodyLimits`, else the one it declares with `@BodyLimit`, never above `server.bodyLimitBytes`.
 * Call it before any route is registered. A configured route that was never registered fails the boot (a typo
 * would otherwise leave the route at its declared limit without a word).
 */
export function installRouteBodyLimits(fastify: FastifyInstance, server: ServerConfig): void {
  const configured = new Map(server.routeBodyLimits.map((l) => [l.route, l.bytes]));
  const seen = new Set<string>();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const names = [route.method].flat().map((m) => `${m} ${route.url}`);
    const name = names.find((n) => configured.has(n));
    if (name) seen.add(name);
    const declared = (route.config as Record<string, unknown> | undefined)?.[BODY_LIMIT_KEY] as number | undefined;
    const limit = effectiveBodyLimit(server.bodyLimitBytes, declared, name ? configured.get(name) : undefined);
    if (limit.source === 'server.bodyLimitBytes') return;
    route.bodyLimit = limit.bytes;
    route.config = { ...route.config, [LIMIT_SOURCE_KEY]: limit.source };
  });
  fastify.addHook('onReady', (done) => {
    const unknown = [...configured.keys()].filter((r) => !seen.has(r));
    done(
      unknown.length > 0
        ? new ConfigError(unknown.map((r) => `server.routeBodyLimits names "${r}", which is not a route`))
        : undefined,
    );
  });
}

/** The 413 answer: the limit that applies to the request's route, and where it comes from. */
export function bodyTooLargeMessage(req: FastifyRequest): string {
  const source = (req.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[LIMIT_SOURCE_KEY] as
    BodyLimitSource | undefined;
  const limit = `the limit of ${req.routeOptions.bodyLimit} bytes`;
  if (source === undefined) return `body is larger than ${limit} (server.bodyLimitBytes)`;
  const route = `${req.method} ${req.routeOptions.url}`;
  return source === 'route'
    ? `body is larger than ${limit} for ${route}`
    : `body is larger than ${limit} for ${route} (server.routeBodyLimits)`;
}
