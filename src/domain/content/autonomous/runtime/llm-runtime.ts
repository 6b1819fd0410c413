import type { LlmPort } from '../../llm/llm.port';
import type { AgentId, CrewPlan, PlannedTask } from '../plan/crew-plan';
import { currentBudget, type RequestBudget } from '../run-support/budget';
import { BudgetExceededError } from '../run-support/budget-exceeded.error';
import { costTaskOf } from '../run-support/cost-table';
import { chooseAffordableModel, llmCallCost } from '../run-support/model-prices';
import type { AgentRunContext, AgentRunInputs, AgentRunResult, AgentRuntime } from './agent-runtime.port';
import { runPlan, taskEvidence, type TaskEvidence } from './run-plan';

/** Settings of the model calls. */
export interface LlmRuntimeOptions {
  /** Sampling temperature; default: the server's. */
  readonly temperature?: number;
  /** Completion cap per task. Default {@link DEFAULT_MAX_TOKENS}. */
  readonly maxTokens?: number;
  /**
   * The model name the pre-call estimate is priced at (the `LlmPort` picks its model itself, so this is only for
   * pricing); default: none, priced at `DEFAULT_PRICE_PER_1K`. The charge after the call prices the model the
   * server reports.
   */
  readonly model?: string;
}

/** Every string of the evidence and of earlier outputs is cut to this many characters in a prompt (transcripts, mostly). */
export const PROMPT_TEXT_LIMIT = 12_000;
export const DEFAULT_MAX_TOKENS = 1_500;
/** The pre-call token estimate counts this many prompt characters per token. */
const CHARS_PER_TOKEN = 4;

/** What each agent is told it is (spec §2.4 agents). */
export const AGENT_ROLES: Readonly<Record<AgentId, string>> = {
  acquisition_specialist: 'You are the acquisition specialist: you report what was downloaded and its metadata, exactly as the tools returned it.',
  transcription_engineer: 'You are the transcription engineer: you return the transcript the transcription tool produced, anchored to its timeline.',
  analysis_cartographer: 'You are the analysis cartographer: you map the language, themes, sentiment, structure and rhetoric of a transcript.',
  verification_director: 'You are the verification director: you check claims against evidence and look for bias, deception and manipulation.',
  knowledge_integrator: 'You are the knowledge integrator: you merge the analyses of one piece of content into a single synthesis.',
};

/**
 * The {@link AgentRuntime} that asks a model to do each task (spec §2.13), scheduled like the deterministic one
 * (`runPlan`). A task's prompt holds its instructions, the stage data the deterministic runtime would use and the
 * parsed outputs of its context tasks; the model's text is the task's raw output.
 *
 * With a request budget active (`runWithBudget`), each call is checked first: the estimated tokens (prompt
 * characters / 4 + `maxTokens`) must be affordable for the task's cost category (`costTaskOf`), else the task
 * throws {@link BudgetExceededError} without calling. After the call the reported tokens are charged (the estimate
 * when the server reports none), which also throws when the real cost breaks a limit.
 */
export class LlmAgentRuntime implements AgentRuntime {
  readonly name = 'llm';

  constructor(
    private readonly llm: LlmPort,
    private readonly options: LlmRuntimeOptions = {},
  ) {}

  run(plan: CrewPlan, inputs: AgentRunInputs, ctx: AgentRunContext): Promise<AgentRunResult> {
    return runPlan(plan, ctx, (task) => this.execute(task, inputs, ctx));
  }

  private async execute(task: PlannedTask, inputs: AgentRunInputs, ctx: AgentRunContext): Promise<string> {
    const maxTokens = this.options.maxTokens ?? DEFAULT_MAX_TOKENS;
    const system = systemPrompt(task);
    const prompt = taskPrompt(task, inputs, await taskEvidence(task, ctx.tools), ctx.shared.inputsFor(task.context));
    const estimate = Math.ceil((system.length + prompt.length) / CHARS_PER_TOKEN) + maxTokens;
    const model = this.options.model ?? '';
    const budget = currentBudget();
    const choice = chooseAffordableModel(budget, { taskId: task.id, tokens: estimate, model });
    if (!choice.affordable && budget) throw refusal(budget, task.id, choice.cost);

    const completion = await this.llm.complete({ system, prompt, maxTokens, temperature: this.options.temperature, signal: ctx.signal });
    const reported = completion.inputTokens + completion.outputTokens;
    budget?.charge(task.id, llmCallCost(completion.model || model, reported > 0 ? reported : estimate));
    return completion.text;
  }
}

/** The agent's role, then the reply contract. */
export function systemPrompt(task: PlannedTask): string {
  return (
    `${AGENT_ROLES[task.agent]} Work only from the evidence in the prompt; never invent data or write placeholder text. ` +
    `Reply with one short sentence, then one fenced \`\`\`json block holding exactly the keys: ${task.output.requiredKeys.join(', ')}.`
  );
}

function cut(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.length > PROMPT_TEXT_LIMIT ? `${value.slice(0, PROMPT_TEXT_LIMIT)} [cut at ${PROMPT_TEXT_LIMIT} characters]` : value;
}

/** Instructions, inputs, stage evidence (with `stage_gaps` when a stage gave none) and earlier outputs, strings cut to {@link PROMPT_TEXT_LIMIT}. */
export function taskPrompt(
  task: PlannedTask,
  inputs: AgentRunInputs,
  evidence: TaskEvidence,
  earlier: Record<string, Record<string, unknown>>,
): string {
  const stages = Object.keys(evidence.gaps).length > 0 ? { ...evidence.data, stage_gaps: evidence.gaps } : evidence.data;
  const sections = [task.instructions, `URL: ${inputs.url}\nDepth: ${inputs.depth}`];
  if (Object.keys(stages).length > 0) sections.push(`Stage evidence (JSON):\n${JSON.stringify(stages, cut, 2)}`);
  if (Object.keys(earlier).length > 0) sections.push(`Outputs of earlier tasks (JSON):\n${JSON.stringify(earlier, cut, 2)}`);
  return sections.join('\n\n');
}

/** The error `RequestBudget.charge` would throw for `cost`: the total is checked before the task's cap. */
function refusal(budget: RequestBudget, taskId: string, cost: number): BudgetExceededError {
  const costTask = String(costTaskOf(taskId));
  if (budget.spent + cost > budget.totalLimit) return new BudgetExceededError(taskId, costTask, 'total', budget.spent, cost, budget.totalLimit);
  return new BudgetExceededError(taskId, costTask, 'task', budget.taskSpent(taskId), cost, budget.taskLimit(taskId) ?? budget.totalLimit);
}
