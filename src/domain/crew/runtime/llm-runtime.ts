import type { LlmPort } from '../ports/llm.port';
import type { AgentId, CrewPlan, PlannedTask } from '../plan/crew-plan';
import type { AgentRunContext, AgentRunInputs, AgentRunResult, AgentRuntime } from '../ports/agent-runtime.port';
import type { AgentDefinition } from '../roster/agent-definition';
import type { StageTools } from '../ports/stage-tools.port';
import { runPlan, taskEvidence, type TaskEvidence } from './run-plan';

/** Settings of the model calls. */
export interface LlmRuntimeOptions {
  /** Sampling temperature; default: the server's. */
  readonly temperature?: number;
  /** Completion cap per task. Default {@link DEFAULT_MAX_TOKENS}. */
  readonly maxTokens?: number;
  /**
   * Where each agent's current definition comes from, read on every task (the `AgentRoster`, or a fixed candidate
   * when one is evaluated); an agent without one is told its built-in role line. `refresh`, when present, runs
   * once as a run starts, so the run uses the newest stored definitions.
   */
  readonly definitions?: {
    definitionOf(agent: AgentId): AgentDefinition | undefined;
    refresh?(): Promise<void>;
  };
}

/** Every string of the evidence and of earlier outputs is cut to this many characters in a prompt (transcripts, mostly). */
export const PROMPT_TEXT_LIMIT = 12_000;
export const DEFAULT_MAX_TOKENS = 1_500;

/** What each agent of the crew is told it is. */
export const AGENT_ROLES: Readonly<Record<AgentId, string>> = {
  acquisition_specialist:
    'You are the acquisition specialist: you report what was downloaded and its metadata, exactly as the tools returned it.',
  transcription_engineer:
    'You are the transcription engineer: you return the transcript the transcription tool produced, anchored to its timeline.',
  analysis_cartographer:
    'You are the analysis cartographer: you map the language, themes, sentiment, structure and rhetoric of a transcript.',
  verification_director:
    'You are the verification director: you check claims against evidence and look for bias, deception and manipulation.',
  knowledge_integrator:
    'You are the knowledge integrator: you merge the analyses of one piece of content into a single synthesis.',
};

/**
 * The {@link AgentRuntime} that asks a model to do each task, scheduled like the deterministic one
 * (`runPlan`). A task's prompt holds its instructions, the stage data the deterministic runtime would use and the
 * parsed outputs of its context tasks; the model's text is the task's raw output.
 *
 * Each call names its task as `costTask`, so the budgeted LLM port (`BudgetedLlm`) prices, refuses or charges it
 * against the task's cost category when a request budget is active.
 */
export class LlmAgentRuntime implements AgentRuntime {
  readonly name = 'llm';

  constructor(
    private readonly llm: LlmPort,
    private readonly options: LlmRuntimeOptions = {},
  ) {}

  async run(plan: CrewPlan, inputs: AgentRunInputs, ctx: AgentRunContext): Promise<AgentRunResult> {
    await this.options.definitions?.refresh?.();
    return runPlan(plan, ctx, (task, tools) => this.execute(task, inputs, ctx, tools));
  }

  private async execute(
    task: PlannedTask,
    inputs: AgentRunInputs,
    ctx: AgentRunContext,
    tools: StageTools,
  ): Promise<string> {
    const maxTokens = this.options.maxTokens ?? DEFAULT_MAX_TOKENS;
    const system = systemPrompt(task, this.options.definitions?.definitionOf(task.agent));
    const prompt = taskPrompt(task, inputs, await taskEvidence(task, tools), ctx.shared.inputsFor(task.context));
    const completion = await this.llm.complete({
      system,
      prompt,
      maxTokens,
      temperature: this.options.temperature,
      signal: ctx.signal,
      costTask: task.id,
    });
    return completion.text;
  }
}

/** Who the agent is: its definition's role, goal and backstory, or its built-in role line. */
export function agentIntro(agent: AgentId, definition?: AgentDefinition): string {
  if (definition === undefined) return AGENT_ROLES[agent];
  return `You are the ${definition.role}. Your goal: ${definition.goal}\n\n${definition.backstory}`;
}

/** The agent's role (its current definition when it has one), then the reply contract. */
export function systemPrompt(task: PlannedTask, definition?: AgentDefinition): string {
  return (
    `${agentIntro(task.agent, definition)}${definition === undefined ? ' ' : '\n\n'}Work only from the evidence in the prompt; never invent data or write placeholder text. ` +
    `Reply with one short sentence, then one fenced \`\`\`json block holding exactly the keys: ${task.output.requiredKeys.join(', ')}.`
  );
}

function cut(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.length > PROMPT_TEXT_LIMIT
    ? `${value.slice(0, PROMPT_TEXT_LIMIT)} [cut at ${PROMPT_TEXT_LIMIT} characters]`
    : value;
}

/** Instructions, inputs, stage evidence (with `stage_gaps` when a stage gave none) and earlier outputs, strings cut to {@link PROMPT_TEXT_LIMIT}. */
export function taskPrompt(
  task: PlannedTask,
  inputs: AgentRunInputs,
  evidence: TaskEvidence,
  earlier: Record<string, Record<string, unknown>>,
): string {
  const stages =
    Object.keys(evidence.gaps).length > 0 ? { ...evidence.data, stage_gaps: evidence.gaps } : evidence.data;
  const sections = [task.instructions, `URL: ${inputs.url}\nDepth: ${inputs.depth}`];
  if (Object.keys(stages).length > 0) sections.push(`Stage evidence (JSON):\n${JSON.stringify(stages, cut, 2)}`);
  if (Object.keys(earlier).length > 0)
    sections.push(`Outputs of earlier tasks (JSON):\n${JSON.stringify(earlier, cut, 2)}`);
  return sections.join('\n\n');
}
