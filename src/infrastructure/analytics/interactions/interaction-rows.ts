import type {
  Interaction,
  InteractionOutcome,
  InteractionSource,
  StoredInteraction,
} from '../../../core/ports/interaction-log.port';

import { sql, type Kysely } from 'kysely';

type Row = Readonly<Record<string, unknown>>;

/** The columns an insert writes, with the type each is sent as (one array parameter per column). */
const COLUMNS = [
  ['tenant_id', 'text'],
  ['agent', 'text'],
  ['task_type', 'text'],
  ['source', 'text'],
  ['run_id', 'text'],
  ['tools', 'json'],
  ['tool_sequence', 'json'],
  ['duration_ms', 'float8'],
  ['outcome', 'text'],
  ['quality', 'float8'],
  ['error', 'text'],
  ['at', 'int8'],
] as const;

/**
 * Inserts rows (as {@link interactionRow} makes them) with one statement of twelve array parameters, one per column,
 * unnested into rows in order: the statement's size and parse cost do not grow with the batch, unlike a VALUES list
 * of twelve parameters a row.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function insertRows(db: Kysely<any>, rows: readonly Row[]): Promise<void> {
  const arrays = COLUMNS.map(([column, type]) => {
    const values = rows.map((r) => r[column]);
    // json travels as text (array of json is not a parameter type every driver sends).
    return type === 'json' ? sql`${values}::text[]` : sql`${values}::${sql.raw(type)}[]`;
  });
  const casts = COLUMNS.map(([, type], i) => (type === 'json' ? sql.raw(`c${i}::json`) : sql.raw(`c${i}`)));
  const names = sql.raw(COLUMNS.map(([c]) => c).join(', '));
  const aliases = sql.raw(COLUMNS.map((_, i) => `c${i}`).join(', '));
  await sql`insert into agent_interactions (${names}) select ${sql.join(casts)} from unnest(${sql.join(arrays)}) as u(${aliases})`.execute(
    db,
  );
}

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
