import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../../core/config/app-config';
import { fail, ok, type StepResult } from '../../../core/result/step-result';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../../core/runtime/id-generator';
import { MonitoringConfig } from '../monitoring.config';
import { MONITORING_ENGINE, type MonitoringEngine } from '../monitoring.engine';
import { MONITORING_STORE, type MonitoringStore, type TenantScope } from '../monitoring.store';
import type { Creator, Platform, SeenItem, Source, SourceState } from '../monitoring.types';
import { applyPatch, initialState, replanned } from './source-settings';
import {
  stateView,
  type CreatorInput,
  type CreatorPatch,
  type SeedReport,
  type SourceInput,
  type SourcePatch,
  type SourceView,
} from './catalog.inputs';
import { sourceProblem } from './source-check';
import { creatorIdProblem, tierProblem } from './catalog-rules';
import { ORIGINAL_NETWORK } from './original-network';

/** PostgreSQL's (and PGlite's) error code for a unique constraint violation. */
const UNIQUE_VIOLATION = '23505';
const invalid = (message: string) => fail('validation', message, { retryable: false });
const scopeOf = (s: TenantScope): TenantScope => ({ tenantId: s.tenantId, workspaceId: s.workspaceId });

/**
 * Creators and sources per tenant: validation (each refusal names its field), limits per tenant, the seed from the
 * original's creator network, and the engine told of every source change so that enable/disable, interval and
 * quiet hours take effect at run time. The engine is resolved lazily and may be absent (no scheduler bound): the
 * catalog works without it. Every operation acts in the given tenant scope only.
 */
@Injectable()
export class MonitoringCatalogService {
  private readonly logger = new Logger('MonitoringCatalog');
  private engineRef: MonitoringEngine | undefined;

  constructor(
    @Inject(MONITORING_STORE) private readonly store: MonitoringStore,
    private readonly config: MonitoringConfig,
    private readonly app: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The bound engine, if any (looked up until found, then kept). */
  engine(): MonitoringEngine | undefined {
    if (this.engineRef) return this.engineRef;
    try {
      this.engineRef = this.moduleRef.get<MonitoringEngine>(MONITORING_ENGINE, { strict: false });
    } catch {
      return undefined;
    }
    return this.engineRef;
  }

  // Creators

  async addCreator(scope: TenantScope, input: CreatorInput): Promise<StepResult<Creator>> {
    const problem = creatorIdProblem(input.id) ?? tierProblem(input.tier ?? null) ?? this.nameProblem(input.name);
    if (problem) return invalid(problem);
    if (await this.store.getCreator(scope, input.id))
      return fail('conflict', `id: creator ${input.id} already exists`, { retryable: false });
    const count = (await this.store.listCreators(scope)).length;
    if (count >= this.config.maxCreatorsPerTenant)
      return fail('conflict', `id: the tenant has ${count} creators, the most monitoring.maxCreatorsPerTenant allows`);
    const now = this.clock.now();
    const creator: Creator = {
      ...scopeOf(scope),
      id: input.id,
      name: input.name ?? input.id,
      tier: input.tier ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.putCreator(creator);
    return ok(creator);
  }

  async updateCreator(scope: TenantScope, id: string, patch: CreatorPatch): Promise<StepResult<Creator>> {
    const problem = this.nameProblem(patch.name) ?? (patch.tier !== undefined ? tierProblem(patch.tier) : undefined);
    if (problem) return invalid(problem);
    const stored = await this.store.getCreator(scope, id);
    if (!stored) return this.noCreator(id);
    const creator: Creator = {
      ...stored,
      name: patch.name ?? stored.name,
      tier: patch.tier === undefined ? stored.tier : patch.tier,
      updatedAt: this.clock.now(),
    };
    await this.store.putCreator(creator);
    return ok(creator);
  }

  async getCreator(scope: TenantScope, id: string): Promise<StepResult<Creator & { sources: Source[] }>> {
    const creator = await this.store.getCreator(scope, id);
    if (!creator) return this.noCreator(id);
    return ok({ ...creator, sources: await this.store.listSources(scope, id) });
  }

  async listCreators(scope: TenantScope): Promise<StepResult<{ creators: Creator[] }>> {
    return ok({ creators: await this.store.listCreators(scope) });
  }

  /** Removes the creator with its sources (and their state, items and history). */
  async removeCreator(scope: TenantScope, id: string): Promise<StepResult<{ removed: string; sources: number }>> {
    const sources = await this.store.listSources(scope, id);
    if (!(await this.store.deleteCreator(scope, id))) return this.noCreator(id);
    for (const s of sources) await this.notify('sourceRemoved', scope, s.id);
    return ok({ removed: id, sources: sources.length });
  }

  // Sources

  async addSource(scope: TenantScope, input: SourceInput): Promise<StepResult<SourceView>> {
    const platform = input.platform as Platform;
    const draft = applyPatch(
      {
        ...scopeOf(scope),
        id: this.ids.uuid(),
        creatorId: input.creatorId,
        platform,
        locator: input.locator,
        youtubeKind: platform === 'youtube' ? 'all' : null,
        enabled: false,
        priority: 3,
        intervalSeconds: this.config.defaultIntervalSeconds,
        minIntervalSeconds: this.config.minIntervalSeconds,
        maxIntervalSeconds: this.config.maxIntervalSeconds,
        jitterSeconds: Math.min(this.config.defaultJitterSeconds, input.intervalSeconds ?? Infinity),
        quietHours: null,
        runMode: this.config.defaultRunMode,
        runDepth: this.config.defaultRunDepth,
        createdAt: this.clock.now(),
        updatedAt: this.clock.now(),
      },
      input,
    );
    const problem = sourceProblem(draft, this.config, this.policy());
    if (problem) return invalid(problem);
    if (!(await this.store.getCreator(scope, input.creatorId)))
      return fail('not_found', `creatorId: no creator ${input.creatorId}`, { retryable: false });
    const count = (await this.store.listSources(scope)).length;
    if (count >= this.config.maxSourcesPerTenant)
      return fail(
        'conflict',
        `locator: the tenant has ${count} sources, the most monitoring.maxSourcesPerTenant allows`,
      );
    const state = initialState(draft);
    if (!(await this.store.insertSource(draft, state)))
      return fail('conflict', `locator: a ${draft.platform} source ${draft.locator} already exists`, {
        retryable: false,
      });
    await this.notify('sourceChanged', scope, draft.id);
    return ok({ ...draft, state: stateView(state) });
  }

  async updateSource(scope: TenantScope, id: string, patch: SourcePatch): Promise<StepResult<SourceView>> {
    const stored = await this.store.getSource(scope, id);
    if (!stored) return this.noSource(id);
    const source = { ...applyPatch(stored, patch), updatedAt: this.clock.now() };
    const problem = sourceProblem(source, this.config, this.policy());
    if (problem) return invalid(problem);
    if (source.locator !== stored.locator) {
      const clash = (await this.store.listSources(scope)).find(
        (s) => s.id !== id && s.platform === source.platform && s.locator === source.locator,
      );
      if (clash)
        return fail('conflict', `locator: a ${source.platform} source ${source.locator} already exists`, {
          retryable: false,
        });
    }
    try {
      await this.store.updateSource(source);
    } catch (e) {
      // Another request took the locator between the check above and this write.
      if ((e as { code?: unknown }).code !== UNIQUE_VIOLATION) throw e;
      return fail('conflict', `locator: a ${source.platform} source ${source.locator} already exists`, {
        retryable: false,
      });
    }
    const state = await this.rescheduled(scope, stored, source);
    await this.notify('sourceChanged', scope, id);
    return ok({ ...source, state: stateView(state) });
  }

  async getSource(scope: TenantScope, id: string): Promise<StepResult<SourceView>> {
    const source = await this.store.getSource(scope, id);
    if (!source) return this.noSource(id);
    return ok({ ...source, state: stateView(await this.store.getState(scope, id)) });
  }

  /** The items seen on a source, newest first, each with the run started for it (null while it waits). */
  async listItems(scope: TenantScope, id: string, limit: number): Promise<StepResult<{ items: SeenItem[] }>> {
    if (!(await this.store.getSource(scope, id))) return this.noSource(id);
    return ok({ items: await this.store.recentItems(scope, id, limit) });
  }

  async listSources(scope: TenantScope, creatorId?: string): Promise<StepResult<{ sources: Source[] }>> {
    return ok({ sources: await this.store.listSources(scope, creatorId) });
  }

  async removeSource(scope: TenantScope, id: string): Promise<StepResult<{ removed: string }>> {
    if (!(await this.store.deleteSource(scope, id))) return this.noSource(id);
    await this.notify('sourceRemoved', scope, id);
    return ok({ removed: id });
  }

  /**
   * Adds the original's 13 creators and their 39 platform sources, all disabled, each locator the creator id as a
   * handle. What exists already is left as it is, so a second seed creates nothing.
   */
  async seed(scope: TenantScope): Promise<StepResult<SeedReport>> {
    const report = { creators: { created: 0, existing: 0 }, sources: { created: 0, existing: 0 } };
    const existing = new Set((await this.store.listSources(scope)).map((s) => `${s.platform}\n${s.locator}`));
    for (const c of ORIGINAL_NETWORK) {
      if (await this.store.getCreator(scope, c.id)) report.creators.existing++;
      else {
        const added = await this.addCreator(scope, { id: c.id, name: c.id, tier: c.tier });
        if (added.status === 'error') return fail(added.category, added.error, { retryable: added.retryable });
        report.creators.created++;
      }
      for (const platform of c.platforms) {
        if (existing.has(`${platform}\n${c.id}`)) {
          report.sources.existing++;
          continue;
        }
        const added = await this.addSource(scope, { creatorId: c.id, platform, locator: c.id, enabled: false });
        if (added.status === 'error' && added.category !== 'conflict')
          return fail(added.category, added.error, { retryable: added.retryable });
        if (added.status === 'error') report.sources.existing++;
        else report.sources.created++;
      }
    }
    return ok(report);
  }

  /** The state after a settings change (see {@link replanned}), saved when it changed. */
  private async rescheduled(scope: TenantScope, before: Source, after: Source): Promise<SourceState | null> {
    const state = await this.store.getState(scope, after.id);
    if (!state) return null;
    const saved = replanned(state, before, after, this.clock.now());
    if (saved !== state) await this.store.saveState(saved);
    return saved;
  }

  private async notify(what: 'sourceChanged' | 'sourceRemoved', scope: TenantScope, sourceId: string) {
    const engine = this.engine();
    if (!engine) return;
    try {
      await engine[what](scopeOf(scope), sourceId);
    } catch (err) {
      this.logger.error({ event: 'monitoring_engine_notify_failed', what, source_id: sourceId, err });
    }
  }

  private policy() {
    return { allowedCidrs: this.app.content?.allowedCidrs ?? [] };
  }

  private nameProblem(name: string | undefined): string | undefined {
    if (name === undefined) return undefined;
    return name.trim().length > 0 && name.length <= 200 ? undefined : 'name must be 1-200 characters, not blank';
  }

  private noCreator(id: string) {
    return fail('not_found', `No creator ${JSON.stringify(id)} in this tenant`, { retryable: false });
  }

  private noSource(id: string) {
    return fail('not_found', `No source ${JSON.stringify(id)} in this tenant`, { retryable: false });
  }
}
