import { Inject, Injectable, Optional } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import type { BanditsPort } from '../../core/ports/bandits.port';
import { KEY_VALUE_STORE, type KeyValueStore } from '../../core/ports/key-value.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { RANDOM_SOURCE, type RandomSource } from '../../core/runtime/random';
import { ALGORITHM_NAMES, type AlgorithmName } from './algorithms/bandit-algorithm';
import type { DomainDefaults, DomainDefinition } from './bandit-domains';
import { BanditsConfig, domainDefaults } from './bandits.config';
import { DurableBandits } from './bandits.durable';
import { BanditsMetrics, metricDomain } from './bandits.metrics';
import { BanditsStore } from './bandits.store';
import type { DecideInput, Decision, FeedbackInput, FeedbackOutcome } from './bandits.types';
import { BanditsUpdates } from './bandits.updates';
import { asDecision, keyConflict, keyedDecisionId, requestDigest } from './keyed-decisions';
import { contextVector, validateFeatures } from './features';
import { routingReward, validateMetrics } from './router';

export type { DecideInput, Decision, FeedbackInput, FeedbackOutcome } from './bandits.types';

/** What the decision log keeps per decision (`bandits.decisions`, TTL `bandits.decisionTtlMs`). */
interface LoggedDecision {
  readonly domain: string;
  readonly algorithm: AlgorithmName;
  readonly action: number;
  readonly x: readonly number[];
  readonly propensity: number;
  readonly at: number;
  /** A keyed decision: the digest of its request (its answer is kept beside it). */
  readonly request?: string;
}

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const DECISION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * Decisions and feedback, each for the context's tenant: its domains, its learners, its decision log. A decision
 * builds the context vector (stable FNV-1a hash of the user, the domain's triple, the UTC hour, named features;
 * missing features are the documented constant 0.5), asks the chosen algorithm (the domain's default unless
 * named), and logs the exact vector and propensity under a new decision id. Feedback finds that entry (once: a
 * second answer is unmatched), and every algorithm of the domain learns from it with the decision-time vector.
 * In durable mode the log is the database's ({@link DurableBandits}): a retried answer gets the first one back.
 * Also the `BANDITS` port for the feedback hub.
 */
@Injectable()
export class BanditsService implements BanditsPort {
  constructor(
    private readonly config: BanditsConfig,
    readonly store: BanditsStore,
    private readonly metrics: BanditsMetrics,
    @Inject(KEY_VALUE_STORE) private readonly kv: KeyValueStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(RANDOM_SOURCE) private readonly rng: RandomSource,
    private readonly updates: BanditsUpdates,
    @Optional() private readonly durable?: DurableBandits,
  ) {}

  async decide(ctx: OrchestrationContext, domainName: string, input: DecideInput): Promise<StepResult<Decision>> {
    const domain = await this.store.domain(ctx.tenantId, domainName);
    if (!domain) {
      const known = (await this.store.list(ctx.tenantId)).map((d) => d.name).join(', ');
      return fail('not_found', `Unknown domain "${domainName}" (known: ${known})`);
    }
    if (typeof input.userId !== 'string' || !USER_ID.test(input.userId))
      return fail('validation', 'userId must be 1-128 letters, digits or . _ : @ -');
    const features = validateFeatures(input.features ?? {});
    if (!features.ok) return fail('validation', features.message);
    const algorithm = input.algorithm === undefined ? domain.defaultAlgorithm : input.algorithm;
    if (!domain.algorithms.includes(algorithm as AlgorithmName))
      return fail(
        'validation',
        `algorithm must be one of ${domain.algorithms.join(', ')} for domain ${domain.name}, got ${JSON.stringify(algorithm)}`,
      );
    const key = input.idempotencyKey;
    if (key !== undefined && (typeof key !== 'string' || !DECISION_ID.test(key)))
      return fail('validation', 'idempotencyKey must be 1-128 letters, digits or . _ : -');
    const name = algorithm as AlgorithmName;
    const now = this.clock.now();
    const x = contextVector({
      userId: input.userId,
      domain: domain.name,
      features: features.value,
      timestampMs: now,
      dimension: domain.dimension,
      featureNames: domain.featureNames,
    });
    const state = await this.store.state(ctx.tenantId, domain);
    const selection = state.learner(name).select(x, this.rng);
    const decisionId = key === undefined ? this.ids.uuid() : keyedDecisionId(key);
    const ttl = this.config.decisionTtlMs;
    const { action, propensity } = selection;
    const decision: Decision = {
      decisionId,
      domain: domain.name,
      action: domain.actions[selection.action],
      actionIndex: selection.action,
      algorithm: name,
      confidence: selection.confidence,
      exploration: selection.exploration,
      predictedReward: selection.predictedReward,
      propensity: selection.propensity,
      expiresAt: now + ttl,
    };
    const request = key === undefined ? undefined : requestDigest(domain.name, input.userId, features.value, name);
    if (this.durable?.enabled) {
      const record = {
        tenantId: ctx.tenantId,
        decisionId,
        domain: domain.name,
        algorithm: name,
        action,
        x,
        propensity,
        decidedAt: now,
        expiresAt: now + ttl,
      };
      if (request !== undefined) {
        const once = await this.durable.decidedOnce({ ...record, answer: { request, decision } });
        if (once.status !== 'ok') return once;
        if (once.data === decision) this.counted(domain, name);
        return ok(once.data === decision ? decision : asDecision(once.data));
      }
      await this.durable.decided(record);
    } else {
      const logged: LoggedDecision = { domain: domain.name, algorithm: name, action, x, propensity, at: now, request };
      if (request !== undefined) {
        const kept = await this.kv.get<LoggedDecision & { answer?: Decision }>(this.scope(ctx.tenantId), decisionId);
        if (kept?.answer) return kept.request === request ? ok(kept.answer) : keyConflict();
      }
      const answer = request === undefined ? undefined : decision;
      await this.kv.set(this.scope(ctx.tenantId), decisionId, { ...logged, answer }, ttl);
      const c = state.counter(name);
      c.decisions++;
      c.lastDecisionAt = now;
    }
    this.counted(domain, name);
    return ok(decision);
  }

  private counted(domain: DomainDefinition, algorithm: AlgorithmName): void {
    this.metrics.decisions.inc({ domain: metricDomain(domain), algorithm });
  }

  /** `reward` in [0, 1], or `metrics` turned into a reward by the domain's formula (the router's three). */
  async feedback(ctx: OrchestrationContext, input: FeedbackInput): Promise<StepResult<FeedbackOutcome>> {
    if (typeof input.decisionId !== 'string' || !DECISION_ID.test(input.decisionId))
      return fail('validation', 'decisionId must be 1-128 letters, digits or . _ : -');
    if ((input.reward === undefined) === (input.metrics === undefined))
      return fail('validation', 'give exactly one of reward or metrics');
    let reward: number | undefined;
    if (input.reward !== undefined) {
      if (typeof input.reward !== 'number' || !(input.reward >= 0 && input.reward <= 1))
        return fail('validation', `reward must be a number in [0, 1], got ${JSON.stringify(input.reward)}`);
      reward = input.reward;
    } else {
      const metrics = validateMetrics(input.metrics);
      if (!metrics.ok) return fail('validation', metrics.message);
    }
    if (this.durable?.enabled)
      return this.durable.feedback(ctx.tenantId, input.decisionId, reward, input.metrics as Record<string, number>);
    // The log is the caller's tenant's: another tenant's decision id is not found here, and nothing changes.
    const scope = this.scope(ctx.tenantId);
    const logged = await this.kv.get<LoggedDecision>(scope, input.decisionId);
    // Deleting claims the decision: of two concurrent answers only one gets `true` and learns.
    if (!logged || !(await this.kv.delete(scope, input.decisionId))) {
      this.metrics.unmatched.inc();
      return fail('not_found', `No open decision "${input.decisionId}" (unknown, expired or already answered)`);
    }
    const domain = await this.store.domain(ctx.tenantId, logged.domain);
    if (!domain) return fail('not_found', `Domain "${logged.domain}" no longer exists`);
    const r = reward ?? routingReward(domain.name, input.metrics as Record<string, number>);
    const update = {
      tenantId: ctx.tenantId,
      domain: domain.name,
      x: logged.x,
      action: logged.action,
      reward: r,
      propensity: logged.propensity,
      decidedBy: logged.algorithm,
    };
    // A decision id has no `/`: the pair reads back one way only.
    const queued = await this.updates.submit(update, `${ctx.tenantId}/${input.decisionId}`);
    return ok({
      decisionId: input.decisionId,
      domain: domain.name,
      action: domain.actions[logged.action],
      algorithm: logged.algorithm,
      reward: r,
      updated: [...domain.algorithms],
      queued,
    });
  }

  /**
   * The port: a reward for a named action of the tenant's domain with a caller-built vector (padded or truncated
   * to the domain's size), learnt by that tenant's learners only. Durable mode: an update with an idempotency key
   * is learnt once, however often it is given.
   */
  async update(
    domainName: string,
    action: string,
    x: readonly number[],
    reward: number,
    tenantId = 'default',
    idempotencyKey?: string,
  ): Promise<void> {
    const domain = await this.store.domain(tenantId, domainName);
    if (!domain) throw new Error(`Unknown bandit domain "${domainName}"`);
    const index = domain.actions.indexOf(action);
    if (index < 0)
      throw new Error(
        `Unknown action "${action}" in bandit domain ${domainName} (actions: ${domain.actions.join(', ')})`,
      );
    if (!(reward >= 0 && reward <= 1)) throw new Error(`reward must be in [0, 1], got ${reward}`);
    const fitted = Array.from({ length: domain.dimension }, (_, i) => (Number.isFinite(x[i]) ? x[i] : 0));
    if (this.durable?.enabled) return this.durable.update(tenantId, domain, fitted, index, reward, idempotencyKey);
    // No logging policy is known here: the update is treated as on-policy (propensity 1) for every learner.
    await this.updates.submit({ tenantId, domain: domain.name, x: fitted, action: index, reward, propensity: 1 });
  }

  /** What new domains take when their definition leaves it out (context dimension, default algorithm). */
  get domainDefaults(): DomainDefaults {
    return domainDefaults(this.config);
  }

  get maxDomains(): number {
    return this.config.maxDomains;
  }

  /** The domain as the tenant sees it. */
  domainOf(tenantId: string, name: string): Promise<DomainDefinition | undefined> {
    return this.store.domain(tenantId, name);
  }

  isAlgorithm(name: unknown): name is AlgorithmName {
    return (ALGORITHM_NAMES as readonly unknown[]).includes(name);
  }

  private scope(tenantId: string) {
    return { tenantId, namespace: 'bandits.decisions' };
  }
}
