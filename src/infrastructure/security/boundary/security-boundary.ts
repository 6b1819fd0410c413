import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import type { AuthenticatedRaw } from '../../../core/http/request-context';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import { AUDIT_LOG, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { ApiKeyService, type AuthFailure } from '../keys/api-key.service';
import { SecurityConfig } from '../security.config';
import { httpErrorBody } from '../../../core/http/http-error-body';

/** What the boundary leaves on the raw request besides the principal. */
export interface BoundaryRaw extends AuthenticatedRaw {
  /** The route is served without a key by configuration (`security.openMetrics`, `security.openDocs`). */
  openByConfig?: boolean;
}

/** The key a request presents: `Authorization: Bearer <key>`, else `x-api-key`. */
export function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ')
    return auth.slice(7).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/**
 * The authentication half of the security boundary, as Fastify hooks so that it covers every route (Nest's, the
 * hot orchestrate route, GraphQL, server-sent events, the OpenAPI pages) before any of them runs: the presented
 * key is verified and its principal put on the raw request, where the request context, the permission guard and
 * the facade read it. Without a valid key: 401 with `WWW-Authenticate: Bearer`, an audit entry and
 * `auth_failures_total{reason}`. `GET /health` is always open; `/metrics` and `/docs` when configured.
 * After the response, a request in which an admin acted for another tenant is audited.
 */
@Injectable()
export class SecurityBoundary {
  private readonly logger = new Logger(SecurityBoundary.name);
  private readonly failures: Counter<'reason'>;
  private readonly audit: LazyPort<AuditLogPort>;

  constructor(
    private readonly keys: ApiKeyService,
    private readonly config: SecurityConfig,
    registry: MetricsRegistry,
    moduleRef: ModuleRef,
  ) {
    this.failures = new Counter({
      name: registry.name('auth_failures_total'),
      help: 'Requests refused for a missing or invalid API key, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.audit = lazyPort(moduleRef, AUDIT_LOG);
  }

  install(fastify: FastifyInstance): void {
    if (this.config.auth === 'off') {
      this.logger.warn({
        event: 'authentication_off',
        message: 'security.auth is off: every request acts as an admin of the tenant it names (development only)',
      });
      return;
    }
    fastify.addHook('onRequest', (req, reply) => this.authenticate(req, reply));
    fastify.addHook('onResponse', (req, reply, done) => {
      const raw = req.raw as BoundaryRaw;
      if (raw.actingForTenant !== undefined && raw.principal) {
        this.audit.tryGet()?.record({
          tenantId: raw.actingForTenant,
          actor: raw.principal.keyId,
          action: 'act_for_tenant',
          resource: `${req.method} ${req.routeOptions.url ?? req.url}`,
          decision: 'allow',
          severity: 'medium',
          requestId: req.id,
          extra: { ownTenant: raw.principal.tenantId, statusCode: reply.statusCode },
        });
      }
      done();
    });
  }

  private async authenticate(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const raw = req.raw as BoundaryRaw;
    const route = req.routeOptions.url;
    const open = this.openRoute(req.method, route);
    const key = presentedKey(req);
    if (open === 'always' || (open === 'config' && key === undefined)) {
      raw.openByConfig = open === 'config';
      return;
    }
    const result = await this.keys.authenticate(key);
    if ('principal' in result) {
      raw.principal = result.principal;
      return;
    }
    this.refuse(req, reply, result.failure);
  }

  /** `always` for liveness, `config` for the routes configuration opened, else `no`. */
  private openRoute(method: string, route: string | undefined): 'always' | 'config' | 'no' {
    if (route === undefined) return 'no';
    if (route === '/health' && method === 'GET') return 'always';
    if (this.config.openMetrics && route === '/metrics') return 'config';
    if (this.config.openDocs && (route === '/docs' || route.startsWith('/docs/'))) return 'config';
    return 'no';
  }

  private refuse(req: FastifyRequest, reply: FastifyReply, reason: AuthFailure): void {
    this.failures.inc({ reason });
    this.audit.tryGet()?.record({
      actor: 'anonymous',
      action: 'auth_failure',
      resource: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
      decision: 'deny',
      reason,
      severity: 'low',
      requestId: req.id,
      extra: { ip: req.ip },
    });
    const message =
      reason === 'missing'
        ? 'an API key is required: send Authorization: Bearer <key> (or x-api-key)'
        : 'the API key is invalid, expired or revoked';
    void reply.status(401).header('www-authenticate', 'Bearer realm="crew"').send(httpErrorBody(401, message));
  }
}
