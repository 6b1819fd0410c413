import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import { INTERACTION_LOG, type InteractionLogPort } from '../../core/ports/interaction-log.port';
import { assertNever, fail, ok, type StepResult } from '../../core/result/step-result';
import { AppConfig } from '../../core/config/app-config';
import { seededRandom } from '../../core/runtime/random';
import { AGENT_IDS, AgentRoster, type AgentId } from '../crew';
import { focusOf } from './enhancement/focus';
import { generateExamples } from './examples/example-generator';
import { DEFAULT_WEIGHTS, weightsProblem, type ComplexityWeights } from './examples/example.types';
import { TrainingInputDto, type TrainingInput, type TrainingOperation } from './training.dto';
import { TrainingService } from './training.service';

export const AGENT_TRAINING = 'agent_training';

const invalid = (message: string) => fail('validation', message, { retryable: false });
const isCrewAgent = (a: string): a is AgentId => (AGENT_IDS as readonly string[]).includes(a);

/**
 * `agent_training` (domain, adaptive): `{ operation = "definitions", … }` ({@link TrainingInputDto}).
 * - `definitions` → the roster's current definitions with their versions and the kept candidates;
 * - `versions` `{ agent }` → every stored version of a crew agent's definition, oldest first;
 * - `examples` `{ agent, count? (10), seed?, weights? }` → synthetic examples for the agent's focus;
 * - `enhance` `{ agents? (all), seed?, weights? }` → the candidates and the unified diff to them (a dry run);
 * - `apply` the same → candidates evaluated on the tenant's recorded tasks; the promoted ones written and set in
 *   the roster with a new version, the others kept as candidates with the reason;
 * - `report` `{ agent, days? }` → the agent's performance report over the window.
 */
@Orchestrator({
  name: AGENT_TRAINING,
  layer: 'domain',
  type: 'adaptive',
  description:
    'Agent definitions enhanced from seeded synthetic examples, promoted only when a replay of recorded tasks measures them better; performance reports per agent',
  permissions: {
    run: 'agent_training.run',
    operations: {
      definitions: 'agent_training.read',
      versions: 'agent_training.read',
      report: 'agent_training.read',
      apply: 'agent_training.admin',
    },
  },
  inputSchema: TrainingInputDto,
})
@Injectable()
export class TrainingOrchestrator extends BaseOrchestrator<TrainingInput> {
  private readonly log: LazyPort<InteractionLogPort>;

  constructor(
    private readonly training: TrainingService,
    private readonly roster: AgentRoster,
    private readonly config: AppConfig,
    @Inject(ModuleRef) moduleRef: ModuleRef,
  ) {
    super();
    this.log = lazyPort(moduleRef, INTERACTION_LOG);
  }

  async orchestrate(ctx: OrchestrationContext, input: TrainingInput): Promise<StepResult> {
    const operation: TrainingOperation = input.operation ?? 'definitions';
    if (input.weights !== undefined && input.weights !== null) {
      const problem = weightsProblem(input.weights);
      if (problem) return invalid(problem);
    }
    switch (operation) {
      case 'definitions':
        return ok({ agents: this.roster.all(), candidates: this.training.keptCandidates() });
      case 'versions':
        if (input.agent === undefined || !isCrewAgent(input.agent))
          return invalid(`agent must be one of ${AGENT_IDS.join(', ')}`);
        return ok({ agent: input.agent, versions: await this.training.history(input.agent) });
      case 'examples':
        return this.examples(input);
      case 'enhance':
        return ok(await this.training.preview(this.request(input)));
      case 'apply':
        return this.training.apply(ctx, this.request(input));
      case 'report': {
        if (input.agent === undefined) return invalid('agent is required for report');
        if (!isCrewAgent(input.agent) && !(await this.log.tryGet()?.agents(ctx.tenantId))?.includes(input.agent))
          return fail(
            'not_found',
            `No agent ${JSON.stringify(input.agent)}: not a crew agent and nothing recorded for it`,
          );
        return this.training.report(ctx, input.agent, input.days);
      }
      default:
        return assertNever(operation);
    }
  }

  private examples(input: TrainingInput): StepResult {
    if (input.agent === undefined || !isCrewAgent(input.agent))
      return invalid(`agent must be one of ${AGENT_IDS.join(', ')}`);
    const definition = this.roster.definitionOf(input.agent);
    const role = definition?.role ?? input.agent.replace(/_/g, ' ');
    const focus = focusOf(role);
    const seed = input.seed ?? this.config.training.seed;
    const weights = (input.weights as ComplexityWeights | undefined) ?? DEFAULT_WEIGHTS;
    const examples = generateExamples({ role, focus, count: input.count ?? 10, weights }, seededRandom(seed));
    return ok({ agent: input.agent, focus, seed, weights, examples });
  }

  private request(input: TrainingInput) {
    return {
      agents: input.agents ?? [...AGENT_IDS],
      seed: input.seed,
      weights: input.weights as ComplexityWeights | undefined,
    };
  }
}
