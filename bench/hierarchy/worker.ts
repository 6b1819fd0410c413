/**
 * One hierarchical-session measurement in its own process; prints one JSON line:
 *   worker.ts overhead runner <tasks>   `{ usPerTask }`: `runSession` on <tasks> independent tasks (planned and
 *                                       routed beforehand, outside the timing) with a no-op handler, runner
 *                                       defaults (4 tasks of a phase at once, 300 s task timeout)
 *   worker.ts overhead direct <tasks>   `{ usPerTask }`: the same no-op handler awaited once per task, in the same
 *                                       phase order, with a call object of the same shape: the floor
 *   worker.ts dag                       `{ phases, widestPhase, cold, warm }`: the random 1 000-task DAG
 *                                       (`randomDag` in dag.ts) planned, routed and run with no-op handlers;
 *                                       `cold` is the first session of the process, `warm` the median of the
 *                                       sessions after warming up; each as `{ planMs, routeMs, runMs, totalMs }`;
 *                                       `phases` and `widestPhase` are the plan's topological phases (a task may
 *                                       depend on any earlier layer, so there are fewer phases than layers)
 * Every session runs with real timers: an abortable `setTimeout` sleep and `Date.now`.
 */
import { abortableSleep } from '../../src/infrastructure/resilience/call';
import { ok } from '../../src/core/result/step-result';
import type { AgentState, Objective } from '../../src/domain/hierarchical/planning/hierarchy.types';
import {
  runSession,
  type RunnerOptions,
  type SessionOutcome,
  type TaskHandler,
} from '../../src/domain/hierarchical/planning/session-runner';
import { planSession, type StrategicPlan } from '../../src/domain/hierarchical/planning/strategic-plan';
import { routeTasks, type Route } from '../../src/domain/hierarchical/planning/task-router';
import { independent, randomDag } from './dag';

/** Routing gives an idle agent at most 9 tasks a pass: 120 agents take up to 1 080, enough for every session here. */
const AGENT_COUNT = 120;

const NOOP_RESULT = ok(null);
const noop: TaskHandler = () => Promise.resolve(NOOP_RESULT);
const HANDLERS: ReadonlyMap<string, TaskHandler> = new Map([['noop', noop]]);
const OPTIONS: RunnerOptions = { sleep: abortableSleep, now: Date.now };

const AGENTS: readonly AgentState[] = Array.from({ length: AGENT_COUNT }, (_, i) => ({
  id: `agent-${i}`,
  role: i % 2 === 0 ? 'fact_checker' : 'content_ingestion',
  capabilities: ['general'],
  specialisations: [],
  load: 0,
  successRate: 0.95,
  averageCompletionSeconds: 30,
  lastHeartbeat: 0,
}));

function mustComplete(outcome: SessionOutcome, tasks: number): void {
  const completed = outcome.tasks.filter((t) => t.status === 'completed').length;
  if (outcome.status !== 'completed' || completed !== tasks)
    throw new Error(`session ${outcome.status}: ${completed} of ${tasks} tasks completed`);
}

/** The runner as the service calls it, on a plan and routes made beforehand. */
async function viaRunner(plan: StrategicPlan, routes: readonly Route[]): Promise<void> {
  mustComplete(await runSession(plan, routes, AGENTS, HANDLERS, OPTIONS), plan.tasks.length);
}

/** The floor: the handler awaited for each task in phase order, with a call as the runner would give it. */
async function direct(plan: StrategicPlan, routes: readonly Route[]): Promise<void> {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const agentOf = new Map(routes.map((r) => [r.taskId, r.agentId]));
  const signal = new AbortController().signal;
  let completed = 0;
  for (const phase of plan.resolution.phases)
    for (const id of phase) {
      const task = byId.get(id)!;
      const handler = HANDLERS.get(task.type)!;
      const result = await handler({ task, agentId: agentOf.get(id)!, attemptId: `${id}#1`, inputs: {}, signal });
      if (result.status === 'ok') completed += 1;
    }
  if (completed !== plan.tasks.length) throw new Error(`${completed} of ${plan.tasks.length} tasks completed`);
}

async function overhead(mode: string, tasks: number): Promise<number> {
  const plan = planSession('bench', independent(tasks));
  const routes = routeTasks(plan.tasks, AGENTS);
  const once = mode === 'runner' ? viaRunner : mode === 'direct' ? direct : null;
  if (!once) throw new Error(`unknown overhead mode ${mode}`);
  // Enough sessions that every measurement covers ~100 000 tasks, after a fifth as many to warm up.
  const sessions = Math.max(10, Math.round(100_000 / tasks));
  for (let i = 0; i < Math.ceil(sessions / 5); i++) await once(plan, routes);
  const started = process.hrtime.bigint();
  for (let i = 0; i < sessions; i++) await once(plan, routes);
  return Number(process.hrtime.bigint() - started) / 1000 / (sessions * tasks);
}

interface DagTiming {
  planMs: number;
  routeMs: number;
  runMs: number;
  totalMs: number;
}

async function dagOnce(objectives: readonly Objective[]): Promise<DagTiming> {
  const t0 = performance.now();
  const plan = planSession('bench', objectives);
  const t1 = performance.now();
  const routes = routeTasks(plan.tasks, AGENTS);
  const t2 = performance.now();
  mustComplete(await runSession(plan, routes, AGENTS, HANDLERS, OPTIONS), objectives.length);
  const t3 = performance.now();
  return { planMs: t1 - t0, routeMs: t2 - t1, runMs: t3 - t2, totalMs: t3 - t0 };
}

const WARM_SESSIONS = 10;

async function dag(): Promise<{ cold: DagTiming; warm: DagTiming; phases: number; widestPhase: number }> {
  const objectives = randomDag();
  const { phases } = planSession('bench', objectives).resolution;
  const cold = await dagOnce(objectives);
  for (let i = 0; i < 3; i++) await dagOnce(objectives);
  const runs: DagTiming[] = [];
  for (let i = 0; i < WARM_SESSIONS; i++) runs.push(await dagOnce(objectives));
  const median = (key: keyof DagTiming) => {
    const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
    return (sorted[WARM_SESSIONS / 2 - 1] + sorted[WARM_SESSIONS / 2]) / 2;
  };
  return {
    phases: phases.length,
    widestPhase: Math.max(...phases.map((p) => p.length)),
    cold,
    warm: { planMs: median('planMs'), routeMs: median('routeMs'), runMs: median('runMs'), totalMs: median('totalMs') },
  };
}

async function main(): Promise<void> {
  const [what, mode, tasks] = process.argv.slice(2);
  let out: object;
  if (what === 'overhead') out = { usPerTask: await overhead(mode, Number(tasks)) };
  else if (what === 'dag') out = await dag();
  else throw new Error(`unknown measurement ${what}`);
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
