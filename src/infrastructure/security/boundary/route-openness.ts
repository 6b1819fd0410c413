import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE_KEY } from '../../../core/security/permissions';

/** Whether a route needs a key: `always` open (liveness, signed webhooks), open by `config`, or `no`. */
export type Openness = 'always' | 'config' | 'no';

/**
 * Which routes the boundary serves without a key: those marked `@PublicRoute()` always, `/metrics` and `/docs`
 * when configuration opens them. Decided once per route template and method (templates are few) instead of hashing
 * a new `METHOD /path` string on every request.
 */
export class RouteOpenness {
  private readonly decided = new Map<string, Map<string, Openness>>();

  constructor(
    /** `METHOD /path` of every route marked `@PublicRoute()`. */
    private readonly publicRoutes: ReadonlySet<string>,
    private readonly opened: { readonly openMetrics: boolean; readonly openDocs: boolean },
  ) {}

  /** The openness of `route` (Fastify's template, `undefined` when no route matched) for `method`. */
  of(method: string, route: string | undefined): Openness {
    if (route === undefined) return 'no';
    let byMethod = this.decided.get(route);
    if (byMethod === undefined) this.decided.set(route, (byMethod = new Map<string, Openness>()));
    let open = byMethod.get(method);
    if (open === undefined) byMethod.set(method, (open = this.decide(method, route)));
    return open;
  }

  private decide(method: string, route: string): Openness {
    if (this.publicRoutes.has(`${method} ${route}`)) return 'always';
    if (this.opened.openMetrics && route === '/metrics') return 'config';
    if (this.opened.openDocs && (route === '/docs' || route.startsWith('/docs/') || route.startsWith('/docs-')))
      return 'config';
    return 'no';
  }
}

/** The routes whose handler or controller carries `@PublicRoute()`, as Fastify names them (`METHOD /path`). */
export function findPublicRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): Set<string> {
  const out = new Set<string>();
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
    if (!type?.prototype) continue;
    const base = [Reflect.getMetadata(PATH_METADATA, type) as string | string[] | undefined].flat()[0] ?? '';
    for (const name of scanner.getAllMethodNames(type.prototype as object)) {
      const handler = (type.prototype as Record<string, () => unknown>)[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      if (!reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, [handler, type])) continue;
      for (const p of [path].flat()) {
        const url = `/${base}/${p}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        out.add(`${RequestMethod[method]} ${url}`);
      }
    }
  }
  return out;
}
