import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { BanditsConfig, type BanditDomainConfig } from './bandits.config';
import { KEY_VALUE_STORE, type KeyScope, type KeyValueStore } from '../../core/ports/key-value.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { AlgorithmName } from './algorithms/bandit-algorithm';
import { builtInDomains, defineDomain, DomainInputError, type DomainDefinition } from './bandit-domains';
import { BanditsMetrics } from './bandits.metrics';
import { DomainState, type StoredSnapshot } from './domain-state';

const SYSTEM: KeyScope = { tenantId: 'system', namespace: 'bandits.domains' };
const DOMAINS_KEY = 'definitions';

/** A configured domain, checked like an API one; a mistake stops the boot naming `bandits.domains.<i>.<field>`. */
function configuredDomain(d: BanditDomainConfig, i: number, dimension: number): DomainDefinition {
  try {
    return defineDomain(
      d.name,
      {
        actions: d.actions,
        algorithms: d.algorithms,
        defaultAlgorithm: d.defaultAlgorithm,
        dimension: d.dimension,
        featureNames: d.featureNames,
      },
      dimension,
      false,
    );
  } catch (e) {
    if (e instanceof DomainInputError) throw new Error(`bandits.domains.${i}.${e.field}: ${e.message}`, { cause: e });
    throw e;
  }
}

interface StoredDomains {
  readonly runtime: DomainDefinition[];
  readonly defaults: Record<string, AlgorithmName>;
}

/**
 * Where bandit state lives: the domain definitions (configured, plus those created through the API, persisted),
 * and per tenant and domain the learners, restored from their snapshots on first use. On one instance a learner's
 * snapshot is written behind every `bandits.snapshotEvery` updates and for every used learner at shutdown. Shared
 * (scale-out, `REDIS_URL` set) only the update consumer writes, after every update, and the others re-read a
 * learner whose stored revision is newer than theirs ({@link refresh}).
 */
@Injectable()
export class BanditsStore implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('BanditsStore');
  private readonly domains = new Map<string, DomainDefinition>();
  private readonly defaults: Record<string, AlgorithmName> = {};
  private readonly states = new Map<string, Promise<DomainState>>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly domainListeners: (() => void)[] = [];
  /** Scale-out mode: instances share the database and Redis; updates go through one queue consumer. */
  readonly shared: boolean;

  constructor(
    private readonly config: BanditsConfig,
    { persistence }: AppConfig,
    @Inject(KEY_VALUE_STORE) private readonly kv: KeyValueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: BanditsMetrics,
  ) {
    const configured = config.domains
      ? config.domains.map((d, i) => configuredDomain(d, i, config.contextDimension))
      : builtInDomains(config.contextDimension);
    for (const d of configured) this.domains.set(d.name, d);
    this.shared = persistence.redisUrl !== undefined;
  }

  onApplicationBootstrap(): Promise<void> {
    return this.reloadDomains();
  }

  /**
   * Takes the stored runtime domains and default algorithms (at boot, and in scale-out mode when another instance
   * changed them): a runtime domain whose stored definition differs from the one held here starts fresh.
   */
  async reloadDomains(): Promise<void> {
    const stored = await this.kv.get<StoredDomains>(SYSTEM, DOMAINS_KEY);
    for (const d of stored?.runtime ?? []) {
      const held = this.domains.get(d.name);
      if (held && !held.runtime) continue;
      if (held && JSON.stringify(held) === JSON.stringify(d)) continue;
      this.domains.set(d.name, d);
      this.forget(d.name);
    }
    for (const name of Object.keys(this.defaults)) delete this.defaults[name];
    Object.assign(this.defaults, stored?.defaults ?? {});
  }

  /** Called after this instance changed the domains or a default (the scale-out bus announces it). */
  onDomainsChanged(listener: () => void): void {
    this.domainListeners.push(listener);
  }

  domain(name: string): DomainDefinition | undefined {
    const d = this.domains.get(name);
    return d && (this.defaults[name] ? { ...d, defaultAlgorithm: this.defaults[name] } : d);
  }

  list(): DomainDefinition[] {
    return [...this.domains.keys()].map((n) => this.domain(n)!);
  }

  /** Creates or replaces a runtime domain (its learners start fresh); false when the name is a configured domain. */
  async putDomain(definition: DomainDefinition): Promise<'created' | 'replaced' | 'configured' | 'full'> {
    const existing = this.domains.get(definition.name);
    if (existing && !existing.runtime) return 'configured';
    if (!existing && this.domains.size >= this.config.maxDomains) return 'full';
    this.domains.set(definition.name, definition);
    delete this.defaults[definition.name];
    this.forget(definition.name);
    await this.persistDomains();
    return existing ? 'replaced' : 'created';
  }

  async setDefault(domain: string, algorithm: AlgorithmName): Promise<void> {
    this.defaults[domain] = algorithm;
    await this.persistDomains();
  }

  /** The tenant's state of `domain`, its learners restored from their snapshots the first time. */
  state(tenantId: string, domain: DomainDefinition): Promise<DomainState> {
    const key = `${tenantId}\u0000${domain.name}`;
    let state = this.states.get(key);
    if (!state) {
      state = this.load(tenantId, domain);
      this.states.set(key, state);
    }
    return state;
  }

  /** The tenant's state of a domain when it is loaded here. */
  loaded(tenantId: string, domain: string): Promise<DomainState> | undefined {
    return this.states.get(`${tenantId}\u0000${domain}`);
  }

  /** Re-reads the learners whose stored revision is newer than the one held (scale-out); returns how many. */
  async refresh(state: DomainState): Promise<number> {
    const scope = { tenantId: state.tenantId, namespace: 'bandits.snapshots' };
    const stored = await Promise.all(
      state.domain.algorithms.map((a) => this.kv.get<StoredSnapshot>(scope, `${state.domain.name}:${a}`)),
    );
    let taken = 0;
    // Compared only now, after every read: an update applied here meanwhile has already moved the revision on.
    for (const s of stored)
      if (s && (s.revision ?? 0) > state.revision(s.algorithm) && state.restore(s, true) === undefined) taken++;
    return taken;
  }

  /** Counts an update; on one instance writes the learner's snapshot behind every `snapshotEvery` updates. */
  updated(state: DomainState, algorithm: AlgorithmName): void {
    const c = state.counter(algorithm);
    if (++c.sinceSnapshot >= this.config.snapshotEvery && !this.shared) void this.save(state, algorithm);
    // Only the offset tree has a size to report; the other learners' stats are not built per update.
    if (algorithm === AlgorithmName.OffsetTree)
      this.metrics.treeNodes.set({ domain: state.domain.name }, state.learner(algorithm).stats().treeSize ?? 1);
  }

  /** Writes one learner's snapshot (writes of one key are chained, so they land in order). */
  save(state: DomainState, algorithm: AlgorithmName): Promise<void> {
    const stored = state.snapshot(algorithm, this.clock.now());
    if (!stored) return Promise.resolve();
    state.counter(algorithm).sinceSnapshot = 0;
    const key = `${state.tenantId}\u0000${state.domain.name}:${algorithm}`;
    const write = (this.writes.get(key) ?? Promise.resolve())
      .then(() =>
        this.kv.set(
          { tenantId: state.tenantId, namespace: 'bandits.snapshots' },
          `${state.domain.name}:${algorithm}`,
          stored,
        ),
      )
      .catch((e: unknown) =>
        this.logger.error({
          event: 'bandit_snapshot_failed',
          tenant_id: state.tenantId,
          domain: state.domain.name,
          algorithm,
          err: e,
        }),
      );
    this.writes.set(key, write);
    return write;
  }

  /** Writes every learner of the state (the scale-out consumer, after each update). */
  async saveAll(state: DomainState): Promise<void> {
    await Promise.all(state.domain.algorithms.map((a) => this.save(state, a)));
  }

  /** One instance: every used learner is written. Shared: the consumer wrote after each update; others never write. */
  async onModuleDestroy(): Promise<void> {
    if (this.shared) return;
    const states = await Promise.all(this.states.values());
    await Promise.all(states.flatMap((s) => s.active().map(([algorithm]) => this.save(s, algorithm))));
  }

  private async load(tenantId: string, domain: DomainDefinition): Promise<DomainState> {
    const state = new DomainState(tenantId, domain, this.config.evaluationLogSize);
    const scope = { tenantId, namespace: 'bandits.snapshots' };
    for (const algorithm of domain.algorithms) {
      const stored = await this.kv.get<StoredSnapshot>(scope, `${domain.name}:${algorithm}`);
      if (!stored) continue;
      const problem = state.restore(stored);
      if (problem)
        this.logger.warn({
          event: 'bandit_snapshot_ignored',
          tenant_id: tenantId,
          domain: domain.name,
          algorithm,
          reason: problem,
        });
    }
    return state;
  }

  private forget(domain: string): void {
    for (const key of [...this.states.keys()]) if (key.endsWith(`\u0000${domain}`)) this.states.delete(key);
  }

  private async persistDomains(): Promise<void> {
    const runtime = [...this.domains.values()].filter((d) => d.runtime);
    await this.kv.set(SYSTEM, DOMAINS_KEY, { runtime, defaults: this.defaults } satisfies StoredDomains);
    for (const listener of this.domainListeners) listener();
  }
}
