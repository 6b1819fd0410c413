import { Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { defineDomain, DomainInputError } from './bandit-domains';
import { domainComparison, domainSummary, globalStats } from './bandits-report';
import { BanditsEvaluation } from './bandits.evaluation';
import { BanditsService } from './bandits.service';
import { modelForAction, taskComplexity, taskPriority } from './router';

/** The orchestrator's registered name. */
export const BANDITS_ORCHESTRATOR = 'advanced_bandits';

export const BANDIT_OPERATIONS = [
  'decide',
  'feedback',
  'route',
  'evaluate',
  'summary',
  'comparison',
  'switch_default',
  'put_domain',
  'domains',
] as const;
export type BanditOperation = (typeof BANDIT_OPERATIONS)[number];

/**
 * The `advanced_bandits` orchestrator (application, adaptive): `{ operation, domain?, … }` on the application's
 * {@link BanditsService}. Every operation of the REST API is here too, so GraphQL's `orchestrate` reaches them.
 * Every operation acts for the context's tenant only: its domains, default algorithms, learners and decisions.
 */
@Orchestrator({
  name: BANDITS_ORCHESTRATOR,
  layer: 'application',
  type: 'adaptive',
  description: 'Contextual bandits per domain: decisions, feedback, off-policy evaluation',
  permissions: {
    run: 'advanced_bandits.run',
    operations: {
      evaluate: 'advanced_bandits.read',
      summary: 'advanced_bandits.read',
      comparison: 'advanced_bandits.read',
      domains: 'advanced_bandits.read',
      switch_default: 'advanced_bandits.admin',
      put_domain: 'advanced_bandits.admin',
    },
  },
})
@Injectable()
export class BanditsOrchestrator extends BaseOrchestrator {
  constructor(
    private readonly bandits: BanditsService,
    private readonly evaluation: BanditsEvaluation,
  ) {
    super();
  }

  orchestrate(ctx: OrchestrationContext, input: OrchestrationInput): Promise<StepResult> {
    const operation = input.operation;
    if (typeof operation !== 'string' || !(BANDIT_OPERATIONS as readonly string[]).includes(operation)) {
      return Promise.resolve(fail('validation', `operation must be one of ${BANDIT_OPERATIONS.join(', ')}`));
    }
    const domain = typeof input.domain === 'string' ? input.domain : '';
    switch (operation as BanditOperation) {
      case 'decide':
        return this.bandits.decide(ctx, domain, input);
      case 'feedback':
        return this.bandits.feedback(ctx, input);
      case 'route':
        return this.route(ctx, input);
      case 'evaluate':
        return this.evaluation.evaluate(ctx, domain, input);
      case 'summary':
        return this.summary(ctx);
      case 'comparison':
        return this.comparison(ctx, domain);
      case 'switch_default':
        return this.switchDefault(ctx, domain, input.algorithm);
      case 'put_domain':
        return this.putDomain(ctx, domain, input.definition);
      case 'domains':
        return this.domains(ctx);
    }
  }

  /**
   * The router: a model for a task. Complexity and priority come from the task type, the prompt and the priority
   * level; the decision is made in `model_routing` and its action is a model name.
   */
  async route(ctx: OrchestrationContext, input: Record<string, unknown>): Promise<StepResult> {
    const taskType = input.taskType ?? 'general';
    const prompt = input.prompt ?? '';
    if (typeof taskType !== 'string' || taskType.length > 64)
      return fail('validation', 'taskType must be a string of at most 64 characters');
    if (typeof prompt !== 'string' || prompt.length > 100_000)
      return fail('validation', 'prompt must be a string of at most 100000 characters');
    if (
      input.priorityLevel !== undefined &&
      !['urgent', 'high', 'medium', 'low'].includes(input.priorityLevel as string)
    )
      return fail('validation', 'priorityLevel must be one of urgent, high, medium, low');
    const complexity = taskComplexity(taskType, prompt);
    const priority = taskPriority(taskType, input.priorityLevel as string | undefined);
    const decision = await this.bandits.decide(ctx, 'model_routing', {
      userId: input.userId,
      algorithm: input.algorithm,
      features: { complexity, priority },
    });
    if (decision.status !== 'ok') return decision;
    return ok({
      ...decision.data,
      selectedModel: modelForAction(decision.data.actionIndex),
      context: { taskType, complexity, priority },
    });
  }

  async domains(ctx: OrchestrationContext): Promise<StepResult> {
    return ok({ domains: await this.bandits.store.list(ctx.tenantId) });
  }

  async summary(ctx: OrchestrationContext): Promise<StepResult> {
    const store = this.bandits.store;
    const domains: Record<string, ReturnType<typeof domainSummary>> = {};
    for (const d of await store.list(ctx.tenantId)) {
      const state = await store.state(ctx.tenantId, d);
      domains[d.name] = domainSummary(d, state, await store.shownDecisions(state));
    }
    return ok({ global: globalStats(Object.values(domains)), domains });
  }

  async comparison(ctx: OrchestrationContext, name: string): Promise<StepResult> {
    const domain = await this.bandits.domainOf(ctx.tenantId, name);
    if (!domain) return fail('not_found', `Unknown domain "${name}"`);
    const state = await this.bandits.store.state(ctx.tenantId, domain);
    return ok(domainComparison(domain, state, await this.bandits.store.shownDecisions(state)));
  }

  /** The tenant's default algorithm of a domain (configured or its own); other tenants keep theirs. */
  async switchDefault(ctx: OrchestrationContext, name: string, algorithm: unknown): Promise<StepResult> {
    const domain = await this.bandits.domainOf(ctx.tenantId, name);
    if (!domain) return fail('not_found', `Unknown domain "${name}"`);
    if (!this.bandits.isAlgorithm(algorithm) || !domain.algorithms.includes(algorithm))
      return fail(
        'validation',
        `algorithm must be one of ${domain.algorithms.join(', ')}, got ${JSON.stringify(algorithm)}`,
      );
    await this.bandits.store.setDefault(ctx.tenantId, name, algorithm);
    return ok({ domain: name, defaultAlgorithm: algorithm });
  }

  /** Creates or replaces one of the tenant's own domains; other tenants' domains of that name are untouched. */
  async putDomain(ctx: OrchestrationContext, name: string, definition: unknown): Promise<StepResult> {
    try {
      const d = defineDomain(name, definition ?? {}, this.bandits.domainDefaults, true);
      const outcome = await this.bandits.store.putDomain(ctx.tenantId, d);
      if (outcome === 'configured')
        return fail('conflict', `Domain "${name}" comes from the configuration and cannot be replaced`);
      if (outcome === 'full') return fail('conflict', `At most ${this.bandits.maxDomains} domains per tenant`);
      return ok({ outcome, domain: d });
    } catch (e) {
      if (e instanceof DomainInputError) return fail('validation', e.message);
      throw e;
    }
  }
}
