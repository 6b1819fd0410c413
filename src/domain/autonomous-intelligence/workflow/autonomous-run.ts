import type { Clock } from '../../../core/runtime/clock';
import {
  buildCrewPlan,
  costNotice,
  experimentalStages,
  RequestBudget,
  routeRequest,
  runWithBudget,
  SharedTaskContext,
  type AgentRunResult,
  type AgentRuntime,
  type AutointelMetrics,
  type CrewPlan,
  type EffectiveDepth,
  type LlmPort,
  type ParallelConfig,
  type ProgressPort,
  type StageTools,
  type StageToolsFactory,
} from '../../crew';
import { crewReport, crewTranscript, renderReport } from '../../report';
import { taskReport, type AutointelResult, type TaskReport } from './autointel-result';
import { RunMessenger } from './run-messenger';
import { collectStages } from './stage-selection';
import { synthesise } from './synthesise';

/** What every run shares: the runtime, the stage library, the clock, metrics, logs and the crew settings. */
export interface WorkflowDeps {
  readonly runtime: AgentRuntime;
  readonly tools: StageToolsFactory;
  readonly llm: LlmPort;
  readonly clock: Clock;
  readonly metrics: AutointelMetrics;
  readonly log: (level: 'log' | 'warn' | 'error', fields: Record<string, unknown>) => void;
  readonly parallel: ParallelConfig;
  readonly semanticRouter: boolean;
}

/** One run's request, already validated. */
export interface WorkflowRequest {
  readonly workflowId: string;
  readonly url: string;
  readonly depth: EffectiveDepth;
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly signal?: AbortSignal;
  readonly localFiles?: 'roots' | 'any';
  readonly progress?: ProgressPort;
}

const STEPS = 5;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** A crew error worth one identical retry: the model's context or token limit was hit. */
export const isContextLengthError = (e: unknown) =>
  /maximum context length/.test(errorText(e)) || /token/i.test(errorText(e));

/**
 * One `autonomous_intelligence` run: all state lives in this object, so concurrent runs
 * share nothing; the request budget is an AsyncLocalStorage scope around the crew, visible to every stage and LLM
 * call; progress is 0/5…5/5 in the 🟢 format; long reports go out in 1 900-character slices; a closed session
 * turns messages into logs and the result is kept for `GET /autointel/:workflowId`.
 */
export class AutonomousRun {
  private readonly messenger: RunMessenger;
  private readonly budget: RequestBudget;
  private readonly shared = new SharedTaskContext();
  private readonly tools: StageTools;
  private readonly started: number;

  constructor(
    private readonly deps: WorkflowDeps,
    private readonly req: WorkflowRequest,
  ) {
    this.messenger = new RunMessenger(req.progress, {
      log: (f) => deps.log('warn', { ...f, workflow_id: req.workflowId }),
      sessionClosed: (stage) => deps.metrics.sessionClosedAt(stage),
    });
    this.budget = RequestBudget.forDepth(req.depth.effective);
    const { workflowId, url, tenantId, workspaceId, signal, localFiles } = req;
    this.tools = deps.tools.create({
      workflowId,
      url,
      depth: req.depth.effective,
      tenantId,
      workspaceId,
      signal,
      localFiles,
    });
    this.started = deps.clock.now();
  }

  async execute(): Promise<AutointelResult> {
    const { depth, url } = this.req;
    if (depth.downgraded)
      await this.messenger.progress(
        'Experimental depth is not enabled here; running a comprehensive analysis instead',
        0,
        1,
      );
    await this.messenger.progress(`Starting autonomous intelligence analysis (${depth.effective}) of ${url}`, 0, STEPS);
    const plan = buildCrewPlan(url, depth.effective, this.deps.parallel);
    let result: AutointelResult;
    try {
      result = await runWithBudget(this.budget, () => this.crewWorkflow(plan));
    } catch (e) {
      result = await this.failed(plan, 'Crew Workflow', e);
    }
    const notice = costNotice(this.budget.spent, this.budget.totalLimit);
    if (notice) await this.messenger.note(notice);
    return { ...result, messages: [...this.messenger.sent], cost: this.cost() };
  }

  private async crewWorkflow(plan: CrewPlan): Promise<AutointelResult> {
    const { depth, url } = this.req;
    if (this.deps.semanticRouter) {
      const route = routeRequest(url, { enabled: true });
      if (route) await this.messenger.progress(`Routing: ${route.route}`, 1, STEPS);
    }
    await this.messenger.progress('Building the multi-agent system', 1, STEPS);
    this.deps.log('log', {
      event: 'autointel_crew_built',
      workflow_id: this.req.workflowId,
      tasks: plan.order.length,
      process: plan.process,
      mode: plan.mode,
      max_concurrent: plan.maxConcurrent,
    });
    await this.messenger.progress('Executing the analysis crew', 2, STEPS);
    const crew = await this.kickoff(plan);
    await this.messenger.progress('Processing results', 3, STEPS);
    const stages: AutointelResult['stages'] = await collectStages(this.tools, depth.effective);
    const extras =
      depth.effective === 'experimental'
        ? await experimentalStages({ llm: this.deps.llm }, this.tools.run, this.transcript())
        : undefined;
    const processingTimeS = this.elapsed();
    const tasks = this.taskReports(plan);
    const { synthesis, quality } = synthesise(this.req, depth.effective, processingTimeS, stages, tasks);
    await this.messenger.progress('Formatting the report', 4, STEPS);
    const contentReport = await crewReport({
      mode: 'autonomous',
      digest: await this.tools.digest(),
      stages,
      transcript: crewTranscript(stages),
      depth: depth.effective,
      requestedDepth: depth.requested,
      llm: this.deps.llm,
      runtime: this.deps.runtime.name,
      budgetSpent: () => this.budget.spent,
      processingTimeS,
      now: this.deps.clock.now(),
      signal: this.req.signal,
    });
    const report = renderReport(contentReport, 'md');
    await this.messenger.progress('Analysis complete', 5, STEPS);
    const delivery = await this.deliver(report);
    this.deps.metrics.workflow(
      { depth: depth.effective, outcome: 'success', orchestrator: 'autonomous', path: 'crew' },
      processingTimeS,
    );
    return {
      ...this.base(plan, 'completed'),
      tasks,
      finalText: crew.finalRaw,
      report,
      contentReport,
      processingTimeS,
      stages: extras ? { ...stages, extras } : stages,
      synthesis,
      quality,
      delivery,
    };
  }

  /** One identical retry after a token or context-length error; anything else propagates. */
  private async kickoff(plan: CrewPlan): Promise<AgentRunResult> {
    const inputs = { url: this.req.url, depth: this.req.depth.effective };
    const ctx = {
      tenantId: this.req.tenantId,
      workspaceId: this.req.workspaceId,
      signal: this.req.signal,
      shared: this.shared,
      tools: this.tools,
      onTaskComplete: (out: { taskId: string; structured: boolean; placeholderFlags: readonly string[] }) => {
        this.deps.metrics.taskCompleted(out.taskId, out.structured);
        for (const flag of out.placeholderFlags) this.deps.metrics.placeholder(out.taskId, flag);
      },
    };
    try {
      return await this.deps.runtime.run(plan, inputs, ctx);
    } catch (e) {
      if (!isContextLengthError(e)) throw e;
      this.deps.log('warn', { event: 'autointel_crew_retry', workflow_id: this.req.workflowId, error: errorText(e) });
      return this.deps.runtime.run(plan, inputs, ctx);
    }
  }

  /** S13: the report in slices while the session is open; otherwise kept for retrieval (the run record). */
  private async deliver(report: string): Promise<AutointelResult['delivery']> {
    if (this.messenger.open) {
      await this.messenger.long(report);
      if (this.messenger.open) return { status: 'delivered' };
    }
    this.deps.metrics.resultPersisted('session_closed', this.req.depth.effective);
    return { status: 'session_closed_during_workflow', retrieval: `GET /autointel/${this.req.workflowId}` };
  }

  private async failed(plan: CrewPlan, stage: string, e: unknown): Promise<AutointelResult> {
    const error = errorText(e);
    this.deps.log('error', { event: 'autointel_workflow_failed', workflow_id: this.req.workflowId, stage, error });
    await this.messenger.error(stage, error);
    this.deps.metrics.workflow({
      depth: this.req.depth.effective,
      outcome: 'error',
      orchestrator: 'autonomous',
      path: 'crew',
    });
    const processingTimeS = this.elapsed();
    return {
      ...this.base(plan, 'failed'),
      failedStage: stage,
      error,
      tasks: this.taskReports(plan),
      finalText: '',
      report: '',
      processingTimeS,
      stages: this.tools.results(),
    };
  }

  private base(plan: CrewPlan, status: 'completed' | 'failed') {
    const { workflowId, url, depth } = this.req;
    return {
      workflowId,
      url,
      requestedDepth: depth.requested,
      effectiveDepth: depth.effective,
      downgraded: depth.downgraded,
      status,
      runtime: this.deps.runtime.name,
      plan: { mode: plan.mode, process: plan.process, maxConcurrent: plan.maxConcurrent, tasks: plan.order },
      messages: [] as string[],
      cost: this.cost(),
    };
  }

  private taskReports(plan: CrewPlan): Partial<Record<string, TaskReport>> {
    return Object.fromEntries(
      plan.order.flatMap((id) => {
        const out = this.shared.get(id);
        return out ? [[id, taskReport(out)]] : [];
      }),
    );
  }

  private transcript(): string | null {
    const s2 = this.tools.results().S2;
    return s2?.status === 'ok' && typeof s2.data.transcript === 'string' ? s2.data.transcript : null;
  }

  private cost() {
    const snap = this.budget.snapshot();
    return { spent: snap.spent, budget: snap.totalLimit, utilisation: Math.round(snap.utilisation * 1000) / 1000 };
  }

  private elapsed(): number {
    return Math.round(this.deps.clock.now() - this.started) / 1000;
  }
}
