import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';

/** Where a route's own body limit is kept in its Fastify route config. */
export const BODY_LIMIT_KEY = 'crew:body-limit';

/**
 * The largest request body, in bytes, this route accepts; a larger one is refused with 413 naming the limit, before
 * it is read past the limit. `server.bodyLimitBytes` stays the ceiling (a larger declared limit is cut down to it),
 * and `server.routeBodyLimits` may replace the declared limit. Routes without one accept up to the ceiling.
 *
 * The limit travels in the route's Fastify config, where the HTTP edge turns it into Fastify's own `bodyLimit` when
 * the route is registered; a `@RouteConfig()` placed below this decorator keeps its values.
 *
 * @example
 * @Post('threats/:threatId/resolve')
 * @BodyLimit(4 * 1024)
 * resolve(@Body() body: ResolveThreatBodyDto) { ... }
 */
export function BodyLimit(bytes: number): MethodDecorator {
  if (!Number.isInteger(bytes) || bytes < 1)
    throw new Error(`@BodyLimit(${bytes}): the limit must be a positive integer`);
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const config = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) as object | undefined;
    Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [BODY_LIMIT_KEY]: bytes }, handler);
  };
}
