/**
 * The `hierarchical` service's rows of the hierarchy bench, from the samples of service-worker.ts: one sample per
 * process and round, for each way the service is deployed.
 */
import { round, summarize, type VariantResult } from '../lib/report';
import type { StatementCounts } from './statement-profile';
import type { ServiceSample, ServiceSession } from './service-worker';

export const SERVICE_DAG_GOAL_MS = 1000;

export const SERVICE_MODES = [
  { key: 'embedded', label: 'embedded (PGlite, no Redis)' },
  { key: 'redis', label: 'Redis mode (PostgreSQL, attempts as BullMQ jobs)' },
] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number]['key'];

export interface ServiceRows {
  readonly variants: VariantResult[];
  readonly ratios: Record<string, number>;
  readonly notes: string[];
  /** The embedded DAG within its goal, in the first session of a process and the second. */
  readonly dagMet: boolean;
}

const SESSION_READ = 'select hierarchy_sessions';
/** Temporal's documented time to route a workflow's first task (Temporal Cloud, 30–50 ms): its low end. */
const TEMPORAL_FIRST_TASK_MS = 30;

const SETUP =
  'service: the application from the app factory with a module adding the task type `noop` (answers ok at once), ' +
  'requests injected into Fastify (no socket) with the bench key; 120 agents able to take `noop` (capacity 1 000) ' +
  'registered first; `hierarchy.maxParallel` 50, in Redis mode also `workerConcurrency` 50 (one instance takes 50 ' +
  'attempts at once) and `pollMs` at its default 500; `staleAgentMs` at its maximum, since no heartbeats are ' +
  'sent; one process per mode and round runs the DAG (its first session), 1 000 independent tasks, the DAG ' +
  'again, then 12 one-task sessions (the median of the last 10), each from `POST /hierarchy/sessions?wait=true` ' +
  'to the finished view answered; embedded: PGlite in a temp directory; Redis mode: one instance, a new ' +
  'PostgreSQL database per process (the store’s pool of 10 connections), a Redis key prefix of its own';

const TEMPORAL =
  'external comparison: Temporal’s documentation (Performance & Latency Patterns) puts routing a workflow’s first ' +
  'task at ~30–50 ms and each regular Activity’s scheduling round trip at ~50 ms on Temporal Cloud; the one-task ' +
  'session rows are the comparable figure here (one task, POST to completed); the per-task rows are throughput ' +
  'with 50 attempts in flight, not the latency of one';

const perTask = (s: ServiceSession) => (s.totalMs * 1000) / s.tasks;

/** The sample whose 1 000-task session took the median time: the one the profile notes describe. */
function medianSample(samples: readonly ServiceSample[]): ServiceSample {
  const sorted = [...samples].sort((a, b) => a.independent.totalMs - b.independent.totalMs);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Statements of each kind sent at least once per 100 tasks: how many, and their mean time; most first. */
function statementKinds(sql: StatementCounts, tasks: number): string {
  return Object.entries(sql.byKind)
    .filter(([, k]) => k.count >= tasks / 100)
    .map(([kind, k]) => `\`${kind}\` ${k.count} (${round(k.ms / k.count, 2)} ms each)`)
    .join(', ');
}

/**
 * Where the embedded session's time goes: PGlite's statements, one at a time, and what they come to per 1 000 tasks
 * at their measured time.
 */
function embeddedFinding(sample: ServiceSample): string {
  const { sql, totalMs, tasks } = sample.independent;
  return (
    `where the embedded time goes: PGlite runs one statement at a time on the event loop's thread; the writes of ` +
    `each attempt are group commits (the attempts claimed, tasks started with their step count, attempts settled, ` +
    `tasks settled with their agents' records at about the same moment share one statement of each kind), so a ` +
    `task costs ${round(sql.count / tasks, 2)} statements (${statementKinds(sql, tasks)}), busy ` +
    `${Math.round((sql.ms / totalMs) * 100)} % of the session, ${Math.round((sql.ms / tasks) * 1000)} ms per 1 000 ` +
    `tasks; the rest is the request (validating 1 000 objectives, planning, storing the session and its task rows, ` +
    `reading them back at the start and the end) and the runner and executor in JavaScript`
  );
}

const REDIS_FINDING =
  'Redis mode, besides: the job that runs an attempt reads the session once per process and only its ' +
  'dependencies’ task rows; its claim and its settling, and the coordinator’s re-read of the attempt ' +
  '(`select hierarchy_attempts`) at each pub/sub signal and every `pollMs` while it runs, share one statement ' +
  'with those of the other attempts of the same moment';

function profileNote(mode: ServiceMode, label: string, sample: ServiceSample): string {
  const { sql, totalMs, tasks } = sample.independent;
  const read = sql.byKind[SESSION_READ] ?? { count: 0, ms: 0 };
  const time =
    mode === 'embedded'
      ? `summed statement time (PGlite busy) ${Math.round(sql.ms)} ms of the session's ${Math.round(totalMs)} ms`
      : `the session took ${Math.round(totalMs)} ms (statement times overlap here, up to 10 connections at once, ` +
        `and include the wait for one)`;
  return (
    `profile, ${label}, 1 000 independent tasks (the round of the median session): ${round(sql.count / tasks, 2)} ` +
    `SQL statements per task — ${statementKinds(sql, tasks)}; ${time}; whole-session-row reads ` +
    `(\`${SESSION_READ}\`, its plan and objectives as jsonb): ${read.count}, ${Math.round(read.ms)} ms summed`
  );
}

/** Rows, ratios and notes of the service variants; `runnerUsPerTask` is the runner's median on 1 000 tasks. */
export function serviceRows(
  samples: Readonly<Record<ServiceMode, readonly ServiceSample[]>>,
  runnerUsPerTask: number,
): ServiceRows {
  const variants: VariantResult[] = [];
  const ratios: Record<string, number> = {};
  const notes: string[] = [SETUP];
  const add = (name: string, unit: string, values: number[]) => {
    const v = summarize(name, unit, values);
    variants.push(v);
    return v;
  };
  const medians = {} as Record<ServiceMode, { usPerTask: number; dag: number; dagAgain: number }>;
  for (const { key, label } of SERVICE_MODES) {
    const runs = samples[key];
    const name = `service, ${label}`;
    const dag = add(
      `${name}: 1 000-task DAG, POST → completed, first session of a process`,
      'ms',
      runs.map((s) => s.dag.totalMs),
    );
    add(
      `${name}: 1 000-task DAG, first session, of which the run (start → finish)`,
      'ms',
      runs.map((s) => s.dag.runMs),
    );
    const dagAgain = add(
      `${name}: 1 000-task DAG, POST → completed, second session`,
      'ms',
      runs.map((s) => s.dagAgain.totalMs),
    );
    const independent = add(
      `${name}: 1 000 independent no-op tasks, POST → completed`,
      'µs/task',
      runs.map((s) => perTask(s.independent)),
    );
    const oneTask = add(
      `${name}: one-task session, POST → completed (median of 10)`,
      'ms',
      runs.map((s) => s.oneTaskMs),
    );
    add(
      `${name}: SQL statements per task (1 000 independent tasks)`,
      'statements',
      runs.map((s) => s.independent.sql.count / s.independent.tasks),
    );
    // PGlite runs one statement at a time: there the summed time is how long the database was busy.
    if (key === 'embedded')
      add(
        `${name}: SQL statement time per task, summed (1 000 independent tasks)`,
        'µs/task',
        runs.map((s) => (s.independent.sql.ms * 1000) / s.independent.tasks),
      );
    medians[key] = { usPerTask: independent.median, dag: dag.median, dagAgain: dagAgain.median };
    ratios[`service/runner, µs per task, ${key} (1 000 tasks)`] = round(independent.median / runnerUsPerTask, 1);
    ratios[`one-task session / Temporal's first-task routing (${TEMPORAL_FIRST_TASK_MS} ms), ${key}`] = round(
      oneTask.median / TEMPORAL_FIRST_TASK_MS,
      2,
    );
    notes.push(profileNote(key, label, medianSample(runs)));
  }
  notes.push(embeddedFinding(medianSample(samples.embedded)), REDIS_FINDING, TEMPORAL);
  const embedded = medians.embedded;
  ratios['service Redis mode / embedded, µs per task'] = round(medians.redis.usPerTask / embedded.usPerTask, 2);
  ratios[`service DAG embedded, first session / goal (${SERVICE_DAG_GOAL_MS} ms)`] = round(
    embedded.dag / SERVICE_DAG_GOAL_MS,
    2,
  );
  ratios[`service DAG embedded, second session / goal (${SERVICE_DAG_GOAL_MS} ms)`] = round(
    embedded.dagAgain / SERVICE_DAG_GOAL_MS,
    2,
  );
  const dagMet = embedded.dag <= SERVICE_DAG_GOAL_MS && embedded.dagAgain <= SERVICE_DAG_GOAL_MS;
  return { variants, ratios, notes, dagMet };
}
