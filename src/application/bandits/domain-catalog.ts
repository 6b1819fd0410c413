import type { KeyScope, KeyValueStore } from '../../core/ports/key-value.port';
import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { DomainDefinition } from './bandit-domains';

/** What is stored of a tenant's domains: the ones it created, and the default algorithms it chose. */
export interface StoredDomains {
  readonly runtime: DomainDefinition[];
  readonly defaults: Record<string, AlgorithmName>;
}

/** Namespace of the domain records; a tenant's own record is under its tenant, key {@link TENANT_DOMAINS_KEY}. */
export const DOMAINS_NAMESPACE = 'bandits.domains';
export const TENANT_DOMAINS_KEY = 'runtime';
/**
 * The record of builds before domains were kept per tenant (one for everybody). It is only read: a tenant without
 * a record of its own starts from it, and the tenant's first change writes a record of its own.
 */
export const LEGACY_DOMAINS: { readonly scope: KeyScope; readonly key: string } = {
  scope: { tenantId: 'system', namespace: DOMAINS_NAMESPACE },
  key: 'definitions',
};

/** What `put` did. */
export type PutOutcome = 'created' | 'replaced' | 'configured' | 'full';

interface TenantDomains {
  readonly runtime: Map<string, DomainDefinition>;
  defaults: Record<string, AlgorithmName>;
}

/**
 * The domains each tenant sees: the configured ones (the operator's, the same for every tenant and never
 * changed through the API) and the tenant's own runtime domains, with the tenant's choice of default algorithm
 * for any of them. A tenant's record is read from the store on its first use and kept; creating, replacing or
 * re-defaulting a domain changes the caller's record only. At most `maxDomains` per tenant, configured included.
 */
export class DomainCatalog {
  private readonly tenants = new Map<string, Promise<TenantDomains>>();
  private legacy: StoredDomains | undefined;

  constructor(
    private readonly configured: ReadonlyMap<string, DomainDefinition>,
    private readonly kv: KeyValueStore,
    private readonly maxDomains: number,
  ) {}

  /** Reads the pre-tenancy record (at boot); returns how many runtime domains it holds. */
  async loadLegacy(): Promise<number> {
    this.legacy = await this.kv.get<StoredDomains>(LEGACY_DOMAINS.scope, LEGACY_DOMAINS.key);
    return this.legacy?.runtime.length ?? 0;
  }

  async domain(tenantId: string, name: string): Promise<DomainDefinition | undefined> {
    const t = await this.record(tenantId);
    const d = this.configured.get(name) ?? t.runtime.get(name);
    const chosen = t.defaults[name];
    return d && (chosen ? { ...d, defaultAlgorithm: chosen } : d);
  }

  /** The tenant's domains: the configured ones, then its own in order of creation. */
  async list(tenantId: string): Promise<DomainDefinition[]> {
    const t = await this.record(tenantId);
    const names = [...this.configured.keys(), ...t.runtime.keys()];
    return Promise.all(names.map(async (n) => (await this.domain(tenantId, n))!));
  }

  /** Creates or replaces one of the tenant's runtime domains (and forgets its default); persisted. */
  async put(tenantId: string, definition: DomainDefinition): Promise<PutOutcome> {
    if (this.configured.has(definition.name)) return 'configured';
    const t = await this.record(tenantId);
    const existing = t.runtime.has(definition.name);
    if (!existing && this.configured.size + t.runtime.size >= this.maxDomains) return 'full';
    t.runtime.set(definition.name, definition);
    delete t.defaults[definition.name];
    await this.persist(tenantId, t);
    return existing ? 'replaced' : 'created';
  }

  /** The tenant's default algorithm of a domain; persisted. */
  async setDefault(tenantId: string, domain: string, algorithm: AlgorithmName): Promise<void> {
    const t = await this.record(tenantId);
    t.defaults[domain] = algorithm;
    await this.persist(tenantId, t);
  }

  /**
   * Re-reads the tenant's record when it is held here (another instance changed it); returns the runtime domains
   * whose definition changed, whose learners must start again from the store.
   */
  async reload(tenantId: string): Promise<string[]> {
    const held = this.tenants.get(tenantId);
    if (!held) return [];
    const t = await held;
    const fresh = await this.read(tenantId);
    const names = new Set([...t.runtime.keys(), ...fresh.runtime.keys()]);
    const changed = [...names].filter((n) => JSON.stringify(t.runtime.get(n)) !== JSON.stringify(fresh.runtime.get(n)));
    t.runtime.clear();
    for (const [n, d] of fresh.runtime) t.runtime.set(n, d);
    t.defaults = fresh.defaults;
    return changed;
  }

  private record(tenantId: string): Promise<TenantDomains> {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = this.read(tenantId);
      this.tenants.set(tenantId, t);
      // A failed read is not kept: the next use tries again.
      const failed = t;
      void failed.catch(() => {
        if (this.tenants.get(tenantId) === failed) this.tenants.delete(tenantId);
      });
    }
    return t;
  }

  private async read(tenantId: string): Promise<TenantDomains> {
    const stored = (await this.kv.get<StoredDomains>(this.scope(tenantId), TENANT_DOMAINS_KEY)) ?? this.legacy;
    // A configured domain of the same name wins over a stored runtime one.
    const runtime = (stored?.runtime ?? []).filter((d) => !this.configured.has(d.name));
    return { runtime: new Map(runtime.map((d) => [d.name, d])), defaults: { ...(stored?.defaults ?? {}) } };
  }

  private persist(tenantId: string, t: TenantDomains): Promise<void> {
    const stored: StoredDomains = { runtime: [...t.runtime.values()], defaults: t.defaults };
    return this.kv.set(this.scope(tenantId), TENANT_DOMAINS_KEY, stored);
  }

  private scope(tenantId: string): KeyScope {
    return { tenantId, namespace: DOMAINS_NAMESPACE };
  }
}
