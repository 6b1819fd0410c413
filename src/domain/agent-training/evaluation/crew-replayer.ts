import {
  AGENT_IDS,
  LlmAgentRuntime,
  parseTaskOutput,
  plannedTask,
  SharedTaskContext,
  TASK_IDS,
  type AgentDefinition,
  type AgentId,
  type AgentRuntime,
  type CrewPlan,
  type LlmPort,
  type TaskId,
} from '../../crew';
import type { Replayer, ReplayScore } from './evaluator';
import { REPLAY_URL, replayTools } from './replay-tools';

/** The crew task a recorded task type names, when it is one of the agent's tasks; else undefined. */
export function replayableTask(agent: AgentId, taskType: string): TaskId | undefined {
  if (!(TASK_IDS as readonly string[]).includes(taskType)) return undefined;
  const id = taskType as TaskId;
  return plannedTask(id, REPLAY_URL, 'deep').agent === agent ? id : undefined;
}

/** A reply's score: the share of required keys holding a value, and 1 when it is structured, valid and placeholder-free. */
export function scoreReply(taskId: TaskId, raw: string): ReplayScore {
  const output = parseTaskOutput(taskId, raw);
  const keys = plannedTask(taskId, REPLAY_URL, 'deep').output.requiredKeys;
  const filled = output.structured
    ? keys.filter((k) => output.parsed[k] !== undefined && output.parsed[k] !== null).length
    : 0;
  const success = output.structured && output.schemaValid && output.placeholderFlags.length === 0 ? 1 : 0;
  return { quality: Math.round((filled / keys.length) * 1000) / 1000, success };
}

/**
 * Replays one crew task alone through a runtime on fixed content. With the LLM runtime the agent is told the
 * given definition; the deterministic runtime reads no definition, so both definitions give the same reply there.
 */
export class CrewReplayer implements Replayer {
  constructor(
    private readonly runtime: AgentRuntime,
    private readonly llm: LlmPort | undefined,
  ) {}

  get runtimeName(): string {
    return this.runtime.name;
  }

  async replay(
    agent: AgentId,
    definition: AgentDefinition,
    taskId: TaskId,
    signal?: AbortSignal,
  ): Promise<ReplayScore> {
    const runtime =
      this.runtime.name === 'llm' && this.llm
        ? new LlmAgentRuntime(this.llm, {
            definitions: { definitionOf: (a) => (a === agent ? definition : undefined) },
          })
        : this.runtime;
    const task = plannedTask(taskId, REPLAY_URL, 'deep');
    const plan: CrewPlan = {
      url: REPLAY_URL,
      depth: 'deep',
      mode: 'sequential',
      process: 'sequential',
      maxConcurrent: 1,
      agents: AGENT_IDS,
      order: [taskId],
      tasks: { [taskId]: task },
    };
    const run = {
      workflowId: 'replay',
      url: REPLAY_URL,
      depth: 'deep' as const,
      tenantId: 'replay',
      workspaceId: 'replay',
      signal,
    };
    const result = await runtime.run(
      plan,
      { url: REPLAY_URL, depth: 'deep' },
      {
        tenantId: 'replay',
        workspaceId: 'replay',
        signal,
        shared: new SharedTaskContext(),
        tools: replayTools(run),
      },
    );
    return scoreReply(taskId, result.finalRaw);
  }
}
