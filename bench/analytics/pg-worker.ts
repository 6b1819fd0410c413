/**
 * The analysis over PostgreSQL, one measurement per process; prints one JSON line:
 *   pg-worker.ts load <agents> <perAgent>   creates `agent_interactions` (the interaction log's columns and indexes)
 *        and inserts the generated interactions (data.ts) for tenant `bench`, a few tool names each: `{ rows, ms }`
 *   pg-worker.ts read columns|all <perAgent>   `{ readMs, analysisMs, totalMs, rows }`: the agents of the tenant
 *        (SELECT DISTINCT), then per agent its newest <perAgent> interactions, newest first by (at, seq), reversed:
 *        `columns` selects the four the analysis reads, `all` every column mapped to a stored interaction (tool lists
 *        parsed) as the SQL interaction log's `list` does; then `analyze` with lookback 0. A fresh connection each
 *        process; the first read of the process is the one timed (the table is warm in PostgreSQL's cache from the
 *        load and earlier rounds).
 */
import { Client } from 'pg';
import { analyze } from '../../src/infrastructure/analytics/performance/analyze';
import type { InteractionSample } from '../../src/infrastructure/analytics/performance/agent-series';
import { DEFAULT_ANALYTICS_SETTINGS } from '../../src/infrastructure/analytics/performance/performance-analytics.config';
import { interactions, NOW } from './data';

const TENANT = 'bench';
const url = process.env.BENCH_DATABASE_URL;

const DDL = [
  'DROP TABLE IF EXISTS agent_interactions',
  `CREATE TABLE agent_interactions (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id text NOT NULL, agent text NOT NULL,
     task_type text NOT NULL, source text NOT NULL, run_id text NOT NULL, tools json NOT NULL,
     tool_sequence json NOT NULL, duration_ms double precision NOT NULL, outcome text NOT NULL,
     quality double precision, error text, at bigint NOT NULL)`,
  'CREATE INDEX agent_interactions_tenant_agent_at ON agent_interactions (tenant_id, agent, at)',
  'CREATE INDEX agent_interactions_tenant_at ON agent_interactions (tenant_id, at)',
];

async function load(db: Client, agents: number, perAgent: number) {
  const start = Date.now();
  for (const sql of DDL) await db.query(sql);
  let rows = 0;
  for (const [agent, items] of interactions(agents, perAgent)) {
    await db.query(
      `INSERT INTO agent_interactions
         (tenant_id, agent, task_type, source, run_id, tools, tool_sequence, duration_ms, outcome, quality, error, at)
       SELECT $1, $2, 'analysis', 'crew', 'run-' || (a / 100), '["search","summarise"]', '["search","summarise","search"]',
              d, o, q, CASE WHEN o = 'error' THEN 'tool failed' END, a
       FROM unnest($3::float8[], $4::text[], $5::float8[], $6::bigint[]) AS t(d, o, q, a)`,
      [
        TENANT,
        agent,
        items.map((i) => i.durationMs),
        items.map((i) => i.outcome),
        items.map((i) => i.quality),
        items.map((i) => i.at),
      ],
    );
    rows += items.length;
  }
  await db.query('VACUUM ANALYZE agent_interactions');
  return { rows, ms: Date.now() - start };
}

const COLUMNS = 'quality, duration_ms, outcome, at';
const NEWEST = 'WHERE tenant_id = $1 AND agent = $2 ORDER BY at DESC, seq DESC LIMIT $3';

async function read(db: Client, how: string, perAgent: number) {
  const start = performance.now();
  const agents = await db.query<{ agent: string }>(
    'SELECT DISTINCT agent FROM agent_interactions WHERE tenant_id = $1 ORDER BY agent',
    [TENANT],
  );
  const buffers = new Map<string, InteractionSample[]>();
  let rows = 0;
  for (const { agent } of agents.rows) {
    const result = await db.query<Record<string, unknown>>(
      `SELECT ${how === 'columns' ? COLUMNS : '*'} FROM agent_interactions ${NEWEST}`,
      [TENANT, agent, perAgent],
    );
    const items = result.rows.reverse().map(how === 'columns' ? sample : stored);
    rows += items.length;
    buffers.set(agent, items);
  }
  const readMs = performance.now() - start;
  const settings = { ...DEFAULT_ANALYTICS_SETTINGS, bufferSize: perAgent };
  const analysisStart = performance.now();
  analyze({ now: NOW, lookbackHours: 0, buffers }, settings);
  const analysisMs = performance.now() - analysisStart;
  return { readMs, analysisMs, totalMs: readMs + analysisMs, rows };
}

const num = (v: unknown) => (v === null ? null : Number(v));

function sample(r: Record<string, unknown>): InteractionSample {
  return { quality: num(r.quality), durationMs: Number(r.duration_ms), outcome: String(r.outcome), at: Number(r.at) };
}

/** The row as the SQL interaction log maps it (drivers return json parsed or as text, bigint as a string). */
function stored(r: Record<string, unknown>) {
  const list = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as string[]) : (v as string[]));
  return {
    seq: Number(r.seq),
    tenantId: String(r.tenant_id),
    agent: String(r.agent),
    taskType: String(r.task_type),
    source: String(r.source),
    runId: String(r.run_id),
    tools: list(r.tools),
    toolSequence: list(r.tool_sequence),
    durationMs: Number(r.duration_ms),
    outcome: String(r.outcome),
    quality: num(r.quality),
    error: (r.error as string | null) ?? null,
    at: Number(r.at),
  };
}

async function main(): Promise<unknown> {
  if (!url) throw new Error('BENCH_DATABASE_URL is not set');
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const [mode, ...args] = process.argv.slice(2);
    if (mode === 'load') return await load(db, Number(args[0]), Number(args[1]));
    if (mode === 'read') return await read(db, args[0], Number(args[1]));
    throw new Error(`unknown mode ${mode}`);
  } finally {
    await db.end();
  }
}

main().then(
  (r) => console.log(JSON.stringify(r)),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
