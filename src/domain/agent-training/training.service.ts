import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { ConfigError } from '../../core/config/config.loader';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { INTERACTION_LOG, type InteractionLogPort } from '../../core/ports/interaction-log.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import {
  AGENT_RUNTIME,
  AgentRoster,
  BudgetExceededError,
  LLM,
  RequestBudget,
  runWithBudget,
  type AgentDefinitions,
  type AgentId,
  type AgentRuntime,
  type LlmPort,
  type TaskId,
} from '../crew';
import { AgentsFile } from './enhancement/agents-file';
import { AgentsFileError } from './enhancement/agents-file.error';
import { buildCandidate, type Candidate } from './enhancement/candidate';
import { CrewReplayer, replayableTask } from './evaluation/crew-replayer';
import { evaluateCandidate, type Evaluation } from './evaluation/evaluator';
import type { ComplexityWeights } from './examples/example.types';
import { performanceReport } from './monitor/performance-report';
import type { PerformanceReport } from './monitor/performance.types';
import { TrainingEvent } from './training.events';
import { TrainingMetrics, type EnhancementResult } from './training.metrics';
import { DefinitionVersions } from './versions/definition-versions';

/** What an enhancement came to for one agent. */
export interface AgentOutcome {
  readonly agent: AgentId;
  readonly result: EnhancementResult;
  readonly reason: string;
  readonly focus: Candidate['focus'];
  readonly exampleQuality: number;
  readonly evaluation: Evaluation | null;
  /** The version the agent is at after the call. */
  readonly version: number | null;
}

export interface EnhancementOutcome {
  readonly agents: readonly AgentOutcome[];
  /** The unified diff from the agents file to the candidates (dry run) or to what was written. */
  readonly diff: string;
  readonly written: boolean;
}

export interface EnhanceRequest {
  readonly agents: readonly AgentId[];
  readonly seed?: number;
  readonly weights?: ComplexityWeights;
}

/**
 * Agent training: validates the agents file at module init (an invalid file stops the boot naming its line) and
 * loads it, or the newer stored versions, into the crew's roster at bootstrap; builds candidates, evaluates them on
 * the tenant's recorded tasks, writes and stores the promoted ones and reports agents' performance. The file path
 * comes from config only.
 */
@Injectable()
export class TrainingService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('AgentTraining');
  private readonly log: LazyPort<InteractionLogPort>;
  private readonly candidates = new Map<AgentId, Candidate>();
  /** One write of the agents file at a time (a backup and a rename each). */
  private writing: Promise<unknown> = Promise.resolve();
  /** The file as validated at module init, loaded at bootstrap (once the migrations have run). */
  private booted?: AgentDefinitions;

  constructor(
    private readonly config: AppConfig,
    private readonly roster: AgentRoster,
    private readonly metrics: TrainingMetrics,
    private readonly events: EventEmitter2,
    @Inject(AGENT_RUNTIME) private readonly runtime: AgentRuntime,
    @Inject(LLM) private readonly llm: LlmPort,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly versions: DefinitionVersions,
    moduleRef: ModuleRef,
  ) {
    this.log = lazyPort(moduleRef, INTERACTION_LOG);
  }

  get file(): AgentsFile {
    return new AgentsFile(this.config.training.agentsFile);
  }

  /** @throws ConfigError naming `training.agentsFile` and each problem's line when the file is invalid. */
  async onModuleInit(): Promise<void> {
    try {
      this.booted = (await this.file.read()).definitions;
    } catch (e) {
      if (AgentsFileError.is(e)) throw new ConfigError(e.problems.map((p) => `training.agentsFile (${e.path}): ${p}`));
      throw e;
    }
  }

  /** Loads the file, or the newer stored versions of its agents, into the roster. */
  async onApplicationBootstrap(): Promise<void> {
    const definitions = this.booted ?? (await this.file.read()).definitions;
    this.booted = undefined;
    const versions = await this.versions.boot(definitions);
    this.events.emit(TrainingEvent.Reloaded, {
      versions: versions.map((v) => ({ agent: v.agent, version: v.version })),
    });
  }

  /** The agent's stored versions, oldest first. */
  history(agent: AgentId) {
    return this.versions.history(agent);
  }

  /** The candidates of the agents and the diff of the file to them; nothing is written. */
  async preview(request: EnhanceRequest): Promise<EnhancementOutcome> {
    const snapshot = await this.file.read();
    const current = await this.currentDefinitions(snapshot.definitions);
    const built = request.agents.map((agent) => this.candidate(agent, current[agent], request));
    const next = this.file.render(snapshot, {
      ...current,
      ...Object.fromEntries(built.map((c) => [c.agent, c.definition])),
    });
    const agents = built.map((c) => {
      this.metrics.enhancedAgent('dry_run');
      return this.outcome(c, 'dry_run', 'dry run: nothing was evaluated or written', null);
    });
    return { agents, diff: this.file.diff(snapshot.text, next), written: false };
  }

  /**
   * Builds each agent's candidate and evaluates it on the tenant's recorded tasks; the promoted ones are written to
   * the agents file in one atomic write (after one backup) and set in the roster with a new version. The others
   * are kept as candidates, with the reason. `unavailable` when no interaction log is provided.
   */
  async apply(ctx: OrchestrationContext, request: EnhanceRequest): Promise<StepResult<EnhancementOutcome>> {
    const log = this.log.tryGet();
    if (!log)
      return fail(
        'unavailable',
        'agent training needs the interaction log (INTERACTION_LOG), and no module provides it',
        {
          retryable: false,
        },
      );
    const run = async (): Promise<StepResult<EnhancementOutcome>> => {
      const snapshot = await this.file.read();
      const current = await this.currentDefinitions(snapshot.definitions);
      const outcomes: AgentOutcome[] = [];
      const promoted: Candidate[] = [];
      for (const agent of request.agents) {
        const candidate = this.candidate(agent, current[agent], request);
        const outcome = await this.evaluate(ctx, log, candidate, current[agent]);
        if (outcome.result === 'promoted') promoted.push(candidate);
        outcomes.push(outcome);
      }
      const next = this.file.render(snapshot, {
        ...current,
        ...Object.fromEntries(promoted.map((c) => [c.agent, c.definition])),
      });
      const diff = this.file.diff(snapshot.text, next);
      if (promoted.length === 0) return ok({ agents: outcomes, diff, written: false });
      if (next !== snapshot.text) await this.file.write(next);
      const agents: AgentOutcome[] = [];
      for (const o of outcomes) {
        const c = promoted.find((p) => p.agent === o.agent);
        if (!c) {
          agents.push(o);
          continue;
        }
        const version = await this.versions.record(c.agent, c.definition, 'training');
        this.candidates.delete(c.agent);
        this.events.emit(TrainingEvent.Applied, { agent: c.agent, version: version.version, tenantId: ctx.tenantId });
        agents.push({ ...o, version: version.version });
      }
      return ok({ agents, diff, written: next !== snapshot.text });
    };
    const result = this.writing.then(run);
    this.writing = result.catch(() => undefined);
    return result;
  }

  /** The agent's report over the window, from the tenant's recorded interactions. */
  async report(ctx: OrchestrationContext, agent: string, days?: number): Promise<StepResult<PerformanceReport>> {
    const log = this.log.tryGet();
    if (!log)
      return fail(
        'unavailable',
        'performance reports need the interaction log (INTERACTION_LOG), and no module provides it',
        {
          retryable: false,
        },
      );
    const windowDays = days ?? this.config.training.windowDays;
    const now = this.clock.now();
    const interactions = await log.list(ctx.tenantId, { agent, since: now - windowDays * 86_400_000, until: now });
    return ok(performanceReport(agent, interactions, { now, days: windowDays }));
  }

  /**
   * Each agent's current definition: the roster's, brought up to the stored versions first (the file of this
   * instance may be behind another instance's apply), else the file's.
   */
  private async currentDefinitions(file: AgentDefinitions): Promise<AgentDefinitions> {
    await this.roster.refresh();
    return Object.fromEntries(
      Object.entries(file).map(([agent, d]) => [agent, this.roster.definitionOf(agent as AgentId) ?? d]),
    ) as AgentDefinitions;
  }

  /** The kept candidate of each agent that has one. */
  keptCandidates(): Candidate[] {
    return [...this.candidates.values()];
  }

  /** Keeps `candidate` as its agent's candidate (replacing an earlier one); it is applied only by `apply`. */
  keepCandidate(candidate: Candidate): void {
    this.candidates.set(candidate.agent, candidate);
  }

  private candidate(agent: AgentId, current: Parameters<typeof buildCandidate>[1], request: EnhanceRequest): Candidate {
    const { seed, applyGoal, examples } = this.config.training;
    return buildCandidate(agent, current, {
      seed: request.seed ?? seed,
      weights: request.weights,
      examples,
      applyGoal,
    });
  }

  private outcome(
    c: Candidate,
    result: EnhancementResult,
    reason: string,
    evaluation: Evaluation | null,
  ): AgentOutcome {
    return {
      agent: c.agent,
      result,
      reason,
      focus: c.focus,
      exampleQuality: c.exampleQuality,
      evaluation,
      version: this.roster.current(c.agent)?.version ?? null,
    };
  }

  private async evaluate(
    ctx: OrchestrationContext,
    log: InteractionLogPort,
    candidate: Candidate,
    current: Parameters<typeof buildCandidate>[1],
  ): Promise<AgentOutcome> {
    const { windowDays, minInteractions, repeats, evaluationCostCapUsd } = this.config.training;
    const keep = (result: EnhancementResult, reason: string, evaluation: Evaluation | null) => {
      this.metrics.enhancedAgent(result);
      if (result !== 'promoted' && result !== 'unchanged') {
        this.candidates.set(candidate.agent, candidate);
        this.events.emit(TrainingEvent.CandidateKept, { agent: candidate.agent, reason, tenantId: ctx.tenantId });
      }
      return this.outcome(candidate, result, reason, evaluation);
    };
    if (JSON.stringify(candidate.definition) === JSON.stringify(current))
      return keep('unchanged', 'the definition is already enhanced with this seed', null);
    const since = this.clock.now() - windowDays * 86_400_000;
    const recorded = await log.list(ctx.tenantId, { agent: candidate.agent, since });
    const tasks = [...new Set(recorded.map((i) => replayableTask(candidate.agent, i.taskType)))].filter(
      (t): t is TaskId => t !== undefined,
    );
    const replayable = recorded.filter((i) => replayableTask(candidate.agent, i.taskType) !== undefined).length;
    if (replayable < minInteractions || tasks.length === 0)
      return keep(
        'insufficient_data',
        `${replayable} recorded interaction(s) of crew tasks of ${candidate.agent} in the last ${windowDays} days; an evaluation needs ${minInteractions}`,
        null,
      );
    const replayer = new CrewReplayer(this.runtime, this.llm.enabled ? this.llm : undefined);
    const budget = new RequestBudget({ totalLimit: evaluationCostCapUsd, perTaskLimits: {} });
    try {
      const evaluation = await runWithBudget(budget, () =>
        evaluateCandidate(replayer, candidate.agent, tasks, current, candidate.definition, repeats, ctx.signal),
      );
      const { promote, reason } = evaluation.verdict;
      return keep(promote ? 'promoted' : 'candidate', reason, evaluation);
    } catch (e) {
      if (!BudgetExceededError.is(e)) throw e;
      this.logger.warn({ event: 'training_evaluation_budget', agent: candidate.agent, error: e.message });
      return keep(
        'budget_exceeded',
        `the evaluation reached its cost cap of $${evaluationCostCapUsd}: ${e.message}`,
        null,
      );
    }
  }
}
