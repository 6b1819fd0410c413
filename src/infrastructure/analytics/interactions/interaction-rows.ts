import type {
  Interaction,
  InteractionOutcome,
  InteractionSource,
  StoredInteraction,
} from '../../../core/ports/interaction-log.port';

type Row = Readonly<Record<string, unknown>>;

// Drivers may return json as text and bigint as a string.
const list = (v: unknown): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : (v as string[]));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The row of an interaction, as `agent_interactions` stores it (without `seq`, which the database assigns). */
export function interactionRow(i: Interaction): Row {
  return {
    tenant_id: i.tenantId,
    agent: i.agent,
    task_type: i.taskType,
    source: i.source,
    run_id: i.runId,
    tools: JSON.stringify(i.tools),
    tool_sequence: JSON.stringify(i.toolSequence),
    duration_ms: i.durationMs,
    outcome: i.outcome,
    quality: i.quality,
    error: i.error,
    at: i.at,
  };
}

export function storedInteraction(row: Row): StoredInteraction {
  return {
    seq: Number(row.seq),
    tenantId: String(row.tenant_id),
    agent: String(row.agent),
    taskType: String(row.task_type),
    source: row.source as InteractionSource,
    runId: String(row.run_id),
    tools: list(row.tools),
    toolSequence: list(row.tool_sequence),
    durationMs: Number(row.duration_ms),
    outcome: row.outcome as InteractionOutcome,
    quality: num(row.quality),
    error: (row.error as string | null) ?? null,
    at: Number(row.at),
  };
}
