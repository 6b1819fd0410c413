import { Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { AppConfig } from '../../../core/config/app-config';
import { ConfigError } from '../../../core/config/config.loader';
import type { AuthenticatedRaw } from '../../../core/http/request-context';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import { AUDIT_LOG, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import type { Principal } from '../../../core/security/principal';
import { parseApiKey } from '../keys/api-key';
import { ApiKeyService, type AuthFailure, type Authentication } from '../keys/api-key.service';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import type { RateLimitDecision } from '../rate-limit/rate-limit.types';
import { BlocklistService } from '../threats/blocklist.service';
import { type RequestRecord, ThreatService } from '../threats/threat.service';
import { SecurityConfig } from '../security.config';
import { httpErrorBody } from '../../../core/http/http-error-body';
import { FieldInspector } from './field-inspector';
import { findPublicRoutes, RouteOpenness } from './route-openness';

/** Hosts that only this machine can reach: where `security.auth: off` may listen. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

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
 * the facade read it. Without a valid key: 401 with `WWW-Authenticate: Bearer`, an audit entry,
 * `auth_failures_total{reason}` and a count in the auth-failure detector. Then, in order: a blocked IP or key
 * (blocklist entries made by mitigations) is refused with 403 and `Retry-After`; the request is counted by the
 * anomaly detectors (a flood or an oversized body that gets the caller blocked is refused the same way); the rate
 * limits (key, tenant, key+route, cost-weighted) answer 429 with `Retry-After`, and each 429 is counted by the
 * rate-limit denial detector (without waiting for it). `GET /health` is always open;
 * `/metrics` and `/docs` when configured.
 * Routes marked `@PublicRoute()` (liveness, signed webhooks, which carry their own proof) need no key.
 * Fastify routes registered after `install()` that declare inspected fields in their route config get them inspected
 * before their handler (see {@link FieldInspector.install}).
 * After the response, a request in which an admin acted for another tenant is audited.
 */
@Injectable()
export class SecurityBoundary {
  private readonly logger = new Logger(SecurityBoundary.name);
  private readonly failures: Counter<'reason'>;
  private readonly audit: LazyPort<AuditLogPort>;
  /** `METHOD /path` of every route marked `@PublicRoute()` (liveness, signed webhooks). */
  /** Which routes need no key; made at install, once the controllers are known. */
  private openness = new RouteOpenness(new Set(), { openMetrics: false, openDocs: false });

  constructor(
    private readonly keys: ApiKeyService,
    private readonly config: SecurityConfig,
    private readonly blocklist: BlocklistService,
    private readonly threats: ThreatService,
    private readonly rateLimits: RateLimitService,
    @Inject(CLOCK) private readonly clock: Clock,
    registry: MetricsRegistry,
    moduleRef: ModuleRef,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly app: AppConfig,
    private readonly inspector: FieldInspector,
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
      const host = this.app.server.host;
      if (!LOOPBACK_HOSTS.has(host) && !this.config.allowAuthOffOnNetwork)
        throw new ConfigError([
          `security.auth is off but server.host is ${host}: set HOST=127.0.0.1, turn authentication on, or set security.allowAuthOffOnNetwork`,
        ]);
      this.logger.warn({
        event: 'authentication_off',
        message: 'security.auth is off: every request acts as an admin of the tenant it names (development only)',
      });
      return;
    }
    this.openness = new RouteOpenness(findPublicRoutes(this.discovery, this.scanner, this.reflector), this.config);
    this.inspector.install(fastify);
    // A callback hook that calls back at once when every step answered from memory (the usual request): an async
    // hook would cost each request its promises and microtask turns.
    fastify.addHook('onRequest', (req, reply, done) => {
      const pending = this.admit(req, reply);
      if (pending === undefined) done();
      else pending.then(() => done(), done);
    });
  }

  /**
   * Runs the boundary's steps in order; each step that had to wait (a key read from the database, a threat stored,
   * a limit kept in Redis) continues the rest when it is done. Answers the request itself when it refuses it.
   */
  private admit(req: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
    const raw = req.raw as BoundaryRaw;
    const route = req.routeOptions.url;
    const open = this.openness.of(req.method, route);
    // An open route ignores any key sent with it (a stale key must not close what configuration opened).
    if (open !== 'no') {
      raw.openByConfig = open === 'config';
      return undefined;
    }
    const now = this.clock.now();
    const ipBlock = this.blocklist.isBlocked({ ip: req.ip }, now);
    if (ipBlock.blocked) return this.blocked(reply, ipBlock.until, now);
    const key = presentedKey(req);
    const result = this.keys.authenticate(key);
    return result instanceof Promise
      ? result.then((r) => this.authenticated(req, reply, r, key, route, now))
      : this.authenticated(req, reply, result, key, route, now);
  }

  private authenticated(
    req: FastifyRequest,
    reply: FastifyReply,
    result: Authentication,
    key: string | undefined,
    route: string | undefined,
    now: number,
  ): Promise<void> | undefined {
    if (!('principal' in result)) {
      this.refuse(req, reply, result.failure);
      return this.threats
        .recordAuthFailure({ keyId: key ? parseApiKey(key)?.prefix : undefined, ip: req.ip })
        .then(() => undefined);
    }
    const principal = result.principal;
    const raw = req.raw as BoundaryRaw;
    raw.principal = principal;
    if (principal.mayActForOtherTenants) this.auditActingForTenant(req, reply, principal);
    const keyBlock = this.blocklist.isBlocked({ keyId: principal.keyId }, now);
    if (keyBlock.blocked) return this.blocked(reply, keyBlock.until, now);
    const counted = this.threats.recordRequest(principal, req.ip, Number(req.headers['content-length'] ?? 0));
    return counted instanceof Promise
      ? counted.then((c) => this.counted(req, reply, principal, c, route, now))
      : this.counted(req, reply, principal, counted, route, now);
  }

  private counted(
    req: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    counted: RequestRecord,
    route: string | undefined,
    now: number,
  ): Promise<void> | undefined {
    if (counted.block) {
      const after = this.blocklist.isBlocked({ ip: req.ip, keyId: principal.keyId }, this.clock.now());
      return this.blocked(reply, after.blocked ? after.until : now + 1000, now);
    }
    if (!this.rateLimits.enabled) return undefined;
    const decision = this.rateLimits.consume({ principal, route: `${req.method} ${route ?? '(unmatched)'}` });
    return decision instanceof Promise
      ? decision.then((d) => this.limited(req, reply, principal, d))
      : this.limited(req, reply, principal, decision);
  }

  private limited(
    req: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    decision: RateLimitDecision,
  ): undefined {
    if (decision.allowed) return undefined;
    // Counted now; the threat it may raise is stored and mitigated after the 429 is sent.
    this.threats
      .recordRateLimitDenial(principal, req.ip, decision)
      .catch((e: Error) => this.logger.warn({ event: 'rate_limit_denial_not_recorded', err: e.message }));
    const message =
      decision.reason === 'cooldown'
        ? `too many requests: this ${decision.scope} is cooling down; retry in ${decision.retryAfterSeconds} s`
        : `too many requests for this ${decision.scope}; retry in ${decision.retryAfterSeconds} s`;
    void reply.status(429).header('retry-after', String(decision.retryAfterSeconds)).send(httpErrorBody(429, message));
    return undefined;
  }

  /**
   * Audits, once the response is done, a request in which an admin acted for another tenant. Only principals that may
   * do so get the listener: the others' requests pay nothing for it.
   */
  private auditActingForTenant(req: FastifyRequest, reply: FastifyReply, principal: Principal): void {
    const raw = req.raw as BoundaryRaw;
    reply.raw.once('finish', () => {
      if (raw.actingForTenant === undefined) return;
      this.audit.tryGet()?.record({
        tenantId: raw.actingForTenant,
        actor: principal.keyId,
        action: 'act_for_tenant',
        resource: `${req.method} ${req.routeOptions.url ?? req.url}`,
        decision: 'allow',
        severity: 'medium',
        requestId: req.id,
        extra: { ownTenant: principal.tenantId, statusCode: reply.statusCode },
      });
    });
  }

  private blocked(reply: FastifyReply, until: number, now: number): undefined {
    const seconds = Math.max(1, Math.ceil((until - now) / 1000));
    void reply
      .status(403)
      .header('retry-after', String(seconds))
      .send(httpErrorBody(403, `this client is blocked for ${seconds} s after a security threat`));
    return undefined;
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
