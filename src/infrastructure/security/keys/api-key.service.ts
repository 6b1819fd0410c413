import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../../core/config/app-config';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import type { MessageChannel } from '../../../core/ports/message-channel.port';
import { AUDIT_LOG, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { DEFAULT_TENANT } from '../../../core/context/orchestration-context';
import type { Principal, PrincipalAttributes, Role } from '../../../core/security/principal';
import { AccessPolicyService } from '../access/access-policy.service';
import { SecurityConfig } from '../security.config';
import { generateApiKey, hashSecret, parseApiKey } from './api-key';
import { viewOf, type ApiKeyRecord, type ApiKeyView } from './api-key.record';
import { ApiKeyRepository } from './api-key.repository';
import { KeyAuthenticator, type Authentication } from './key-authenticator';

export type { AuthFailure, Authentication } from './key-authenticator';
import { KEY_PEPPER } from './pepper';

export const API_KEY_CHANNEL = Symbol('API_KEY_CHANNEL');

export interface NewKey {
  readonly tenantId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly scopes?: readonly string[];
  readonly attributes?: PrincipalAttributes;
  readonly expiresAt?: number | null;
}

/** A created key: its text, shown once, and what is stored of it. */
export interface CreatedKey {
  readonly key: string;
  readonly view: ApiKeyView;
}

/**
 * Per-tenant API keys: creation (the secret is returned once and only its peppered hash is stored), listing,
 * rotation (the old key stays valid for `security.rotationGraceMs`), revocation, and authentication of a
 * presented key. A verified key's record is kept in memory for `security.keyCacheMs`; revoking or rotating a key
 * drops it here at once and, in scale-out, on every instance (a message on Redis).
 */
@Injectable()
export class ApiKeyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly authenticator: KeyAuthenticator;
  private readonly audit: LazyPort<AuditLogPort>;

  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly policy: AccessPolicyService,
    private readonly config: SecurityConfig,
    private readonly app: AppConfig,
    @Inject(KEY_PEPPER) private readonly pepper: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(API_KEY_CHANNEL) private readonly channel: MessageChannel<{ prefix: string }> | null,
    moduleRef: ModuleRef,
  ) {
    this.audit = lazyPort(moduleRef, AUDIT_LOG);
    this.authenticator = new KeyAuthenticator(repository, pepper, clock, config.keyCacheMs, (r) => this.principalOf(r));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.channel?.subscribe(({ prefix }) => this.forget(prefix));
    await this.bootstrapAdmin();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.channel?.close();
  }

  /**
   * The principal of a presented key (`Authorization: Bearer <key>` or `x-api-key`), or why it was refused. Answers
   * synchronously when the key's record (or its absence) is in memory, which is every request but a key's first in
   * `security.keyCacheMs`: the request path then needs no promise.
   */
  authenticate(text: string | undefined): Authentication | Promise<Authentication> {
    return this.authenticator.authenticate(text);
  }

  async create(input: NewKey, actor: string): Promise<CreatedKey> {
    return this.insert(input, actor, generateApiKey());
  }

  /** Keys of a tenant (every tenant's with `undefined`), newest first, without their hashes. */
  async list(tenantId: string | undefined): Promise<ApiKeyView[]> {
    const now = this.clock.now();
    return (await this.repository.list(tenantId)).map((r) => viewOf(r, now));
  }

  /**
   * A new key with the same tenant, roles, scopes and attributes; the old one stays valid for the grace period
   * (never longer than it would have anyway). `undefined` when the tenant has no such active key.
   */
  async rotate(prefix: string, tenantId: string | undefined, actor: string): Promise<CreatedKey | undefined> {
    const old = await this.repository.byPrefix(prefix);
    const now = this.clock.now();
    if (!old || (tenantId !== undefined && old.tenantId !== tenantId) || viewOf(old, now).status !== 'active')
      return undefined;
    const created = await this.create(
      { tenantId: old.tenantId, name: old.name, roles: old.roles, scopes: old.scopes, attributes: old.attributes },
      actor,
    );
    const graceEnd = now + this.config.rotationGraceMs;
    await this.repository.setReplaced(prefix, created.view.prefix, Math.min(old.expiresAt ?? graceEnd, graceEnd));
    await this.announce(prefix);
    this.record('key_rotated', old.tenantId, actor, prefix, { replacedBy: created.view.prefix, validUntil: graceEnd });
    return created;
  }

  /** Revokes a key at once, on every instance. `undefined` when the tenant has no such key. */
  async revoke(prefix: string, tenantId: string | undefined, actor: string): Promise<ApiKeyView | undefined> {
    const key = await this.repository.byPrefix(prefix);
    if (!key || (tenantId !== undefined && key.tenantId !== tenantId)) return undefined;
    const now = this.clock.now();
    if (key.revokedAt === null) {
      await this.repository.setRevoked(prefix, now);
      await this.announce(prefix);
      this.record('key_revoked', key.tenantId, actor, prefix);
    }
    return viewOf({ ...key, revokedAt: key.revokedAt ?? now }, now);
  }

  /** Drops a key's record from memory (it is read again on its next use). */
  forget(prefix: string): void {
    this.authenticator.forget(prefix);
  }

  private async insert(input: NewKey, actor: string, key: string): Promise<CreatedKey> {
    const record = this.recordOf(input, actor, key);
    await this.repository.insert(record);
    this.record('key_created', record.tenantId, actor, record.prefix, { roles: record.roles, name: record.name });
    return { key, view: viewOf(record, record.createdAt) };
  }

  private recordOf(input: NewKey, actor: string, key: string): ApiKeyRecord {
    const { prefix, secret } = parseApiKey(key)!;
    return {
      prefix,
      tenantId: input.tenantId,
      name: input.name,
      roles: [...new Set(input.roles)],
      scopes: [...(input.scopes ?? [])],
      attributes: { ...input.attributes },
      hash: hashSecret(this.pepper, secret),
      createdAt: this.clock.now(),
      createdBy: actor,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
      replacedBy: null,
    };
  }

  private principalOf(record: ApiKeyRecord): Principal {
    const draft: Principal = {
      tenantId: record.tenantId,
      keyId: record.prefix,
      roles: record.roles,
      scopes: record.scopes,
      attributes: record.attributes,
      mayActForOtherTenants: false,
    };
    return { ...draft, mayActForOtherTenants: this.policy.holds(draft, 'tenants.act_as') };
  }

  private async announce(prefix: string): Promise<void> {
    this.forget(prefix);
    await this.channel?.publish({ prefix });
  }

  private record(action: string, tenantId: string, actor: string, prefix: string, extra?: Record<string, unknown>) {
    this.audit.tryGet()?.record({
      tenantId,
      actor,
      action,
      resource: `key:${prefix}`,
      decision: 'info',
      severity: 'medium',
      extra,
    });
  }

  /**
   * With no active admin key: the configured bootstrap key becomes one (tenant `default`); without it, an embedded
   * deployment creates one and prints it once to standard error, and a PostgreSQL one logs how to create one.
   */
  private async bootstrapAdmin(): Promise<void> {
    if (await this.repository.hasActiveAdmin(this.clock.now())) return;
    // The operator's key: admin of the default tenant, and may act for any tenant.
    const base = {
      tenantId: DEFAULT_TENANT,
      name: 'bootstrap admin',
      roles: ['admin'] as Role[],
      scopes: ['tenants.act_as'],
    };
    const configured = this.config.bootstrapKey;
    if (configured) {
      const existing = await this.repository.byPrefix(parseApiKey(configured)!.prefix);
      if (existing) {
        // Stored by another instance starting at the same time, or revoked / expired since.
        if (viewOf(existing, this.clock.now()).status !== 'active')
          this.logger.warn({ event: 'bootstrap_key_unusable', key: existing.prefix, reason: 'revoked or expired' });
        return;
      }
      const record = this.recordOf(base, 'bootstrap', configured);
      if (!(await this.repository.insertIfAbsent(record))) return; // another instance stored it first
      this.record('key_created', record.tenantId, 'bootstrap', record.prefix, {
        roles: record.roles,
        name: record.name,
      });
      this.logger.log({ event: 'bootstrap_admin_key_created', key: record.prefix, source: 'security.bootstrapKey' });
      return;
    }
    if (this.app.persistence.databaseUrl) {
      this.logger.warn({
        event: 'no_admin_key',
        hint: 'set SECURITY_BOOTSTRAP_KEY (npm run keys -- generate) or create one with npm run keys -- create',
      });
      return;
    }
    const { key, view } = await this.create(base, 'bootstrap');
    this.logger.log({ event: 'bootstrap_admin_key_created', key: view.prefix, source: 'generated' });
    process.stderr.write(
      `\nCreated the first admin API key (tenant "default"). It is shown only this once; keep it safe:\n\n  ${key}\n\n`,
    );
  }
}
