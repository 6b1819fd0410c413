/**
 * Hierarchical sessions, in one run:
 * - scheduling overhead: `runSession` on 100 and 1 000 independent no-op tasks (planned and routed beforehand) vs
 *   the same no-op handler awaited once per task in the same phase order; the difference per task is what the
 *   runner adds (phase order, concurrency limit, dependency check, timeout timer and abort listener per attempt,
 *   outcome records, synthesis);
 * - a random 1 000-task DAG (20 layers of 50, each task after the first layer depending on 1–3 tasks of earlier
 *   layers, seeded) planned, routed and run with no-op handlers: the first session of a fresh process and warm;
 * - the `hierarchical` service whole (hierarchy/service-worker.ts), embedded (PGlite, no Redis) and in Redis mode
 *   (PostgreSQL, each attempt a BullMQ job, its settling signalled over pub/sub): the same DAG and 1 000
 *   independent no-op tasks from `POST /hierarchy/sessions` to completed, every task and attempt stored, with the
 *   SQL statements each task costs and their time.
 * Every variant runs in its own process, once per round, rounds outermost so that load from elsewhere falls on all
 * variants alike. The runner rows touch no database; PostgreSQL and Redis for the Redis mode are private servers
 * (scripts/services.sh) on free loopback ports, stopped afterwards.
 */
import { runWorker } from './lib/child';
import { startServices } from './lib/services';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';
import { SERVICE_DAG_GOAL_MS, serviceRows, type ServiceMode } from './hierarchy/service-results';
import type { ServiceSample } from './hierarchy/service-worker';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = [100, 1000] as const;
const OVERHEAD_GOAL_US = 50;
const DAG_GOAL_MS = 1000;
const DAG_TASKS = 1000;

/**
 * How the runner dispatches tasks, each measured against the direct floor at every size. The runner calls its
 * handler in process however the service is deployed: the Redis mode (attempts as BullMQ jobs) is the service's
 * dispatch, so it is measured on the whole service.
 */
const DISPATCH: readonly { key: string; label: string; args: readonly string[] }[] = [
  { key: 'in process', label: 'runner, in process (embedded)', args: ['runner'] },
];

interface DagTiming {
  planMs: number;
  routeMs: number;
  runMs: number;
  totalMs: number;
}
interface DagSample {
  phases: number;
  widestPhase: number;
  cold: DagTiming;
  warm: DagTiming;
}

const thousands = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');

export async function run(): Promise<BenchResult> {
  const direct: Record<number, number[]> = {};
  const dispatched: Record<string, Record<number, number[]>> = {};
  const dags: DagSample[] = [];
  const service: Record<ServiceMode, ServiceSample[]> = { embedded: [], redis: [] };
  for (const d of DISPATCH) dispatched[d.key] = {};
  const services = await startServices();
  try {
    for (let r = 0; r < ROUNDS; r++) {
      for (const size of SIZES) {
        const perTask = async (args: readonly string[]) =>
          (await runWorker<{ usPerTask: number }>('hierarchy/worker.ts', ['overhead', ...args, String(size)]))
            .usPerTask;
        (direct[size] ??= []).push(await perTask(['direct']));
        for (const d of DISPATCH) (dispatched[d.key][size] ??= []).push(await perTask(d.args));
      }
      dags.push(await runWorker<DagSample>('hierarchy/worker.ts', ['dag']));
      for (const mode of ['embedded', 'redis'] as const)
        service[mode].push(
          await runWorker<ServiceSample>('hierarchy/service-worker.ts', [mode], {
            BENCH_DATABASE_URL: services.databaseUrl,
            BENCH_REDIS_URL: services.redisUrl,
          }),
        );
    }
  } finally {
    services.stop();
  }

  const variants: VariantResult[] = [];
  const add = (name: string, unit: string, samples: number[]) => {
    const v = summarize(name, unit, samples);
    variants.push(v);
    return v;
  };
  const ratios: Record<string, number> = {};
  let overheadMet = true;
  let runnerUsPerTask = 0;
  for (const size of SIZES) {
    const tasks = `${thousands(size)} independent no-op tasks`;
    const floor = add(`direct, handler awaited per task: ${tasks}`, 'µs/task', direct[size]);
    for (const d of DISPATCH) {
      const v = add(`${d.label}: ${tasks}`, 'µs/task', dispatched[d.key][size]);
      const added = v.median - floor.median;
      ratios[`µs per task added by the runner, ${d.key} (${thousands(size)} tasks)`] = round(added, 2);
      ratios[`runner/direct, ${d.key} (${thousands(size)} tasks)`] = round(v.median / floor.median, 2);
      ratios[`added / goal (${OVERHEAD_GOAL_US} µs), ${d.key} (${thousands(size)} tasks)`] = round(
        added / OVERHEAD_GOAL_US,
        4,
      );
      overheadMet &&= added <= OVERHEAD_GOAL_US;
      if (size === DAG_TASKS) runnerUsPerTask = v.median;
    }
  }

  /** The DAG's total and its parts, in a process's first session or warm; answers the total. */
  const dagRows = (total: string, part: string, timing: (s: DagSample) => DagTiming) => {
    const rows = [
      [`plan + route + run, ${total}`, 'totalMs'],
      [`plan, ${part}`, 'planMs'],
      [`route, ${part}`, 'routeMs'],
      [`run, ${part}`, 'runMs'],
    ] as const;
    return rows.map(([what, key]) =>
      add(
        `1 000-task DAG: ${what}`,
        'ms',
        dags.map((s) => timing(s)[key]),
      ),
    )[0];
  };
  const cold = dagRows('first session of a process', 'first session', (s) => s.cold);
  const warm = dagRows('warm (median of 10)', 'warm', (s) => s.warm);
  ratios[`DAG first session / goal (${DAG_GOAL_MS} ms)`] = round(cold.median / DAG_GOAL_MS, 4);
  ratios[`DAG warm / goal (${DAG_GOAL_MS} ms)`] = round(warm.median / DAG_GOAL_MS, 4);
  ratios['µs per task, DAG first session (plan + route + run)'] = round((cold.median * 1000) / DAG_TASKS, 1);
  ratios['µs per task, DAG warm (plan + route + run)'] = round((warm.median * 1000) / DAG_TASKS, 1);
  const dagMet = cold.median <= DAG_GOAL_MS && warm.median <= DAG_GOAL_MS;

  const rows = serviceRows(service, runnerUsPerTask);
  variants.push(...rows.variants);
  Object.assign(ratios, rows.ratios);
  ratios['goal_met overhead (1 = yes)'] = overheadMet ? 1 : 0;
  ratios['goal_met DAG (1 = yes)'] = dagMet ? 1 : 0;
  ratios['goal_met service DAG embedded (1 = yes)'] = rows.dagMet ? 1 : 0;

  const { phases, widestPhase } = dags[0];
  return {
    ...benchHeader('hierarchy', ROUNDS),
    variants,
    ratios,
    goal:
      `the runner adds ≤ ${OVERHEAD_GOAL_US} µs per no-op task over awaiting the handler directly, at every size, ` +
      `in process; a random 1 000-task DAG (20 layers of 50) planned, routed and run in ≤ 1 s in process, in a ` +
      `fresh process's first session and warm; the service embedded (PGlite, every task and attempt stored) runs ` +
      `the same DAG from POST to completed in ≤ ${SERVICE_DAG_GOAL_MS / 1000} s, in a process's first session and ` +
      `its second`,
    met: overheadMet && dagMet && rows.dagMet,
    notes: [
      'overhead: one process per variant, size and round; the plan and routes are made before the timing; 100 000 tasks timed after 20 000 to warm up (1 000 sessions of 100 tasks, 100 of 1 000); runner defaults: 4 tasks of a phase at once, 3 retries (none needed), 300 s task timeout; `sleep` an abortable setTimeout, `now` Date.now; direct awaits the same handler with a call object of the same shape, in the same phase order, one at a time',
      `DAG: seeded (xoroshiro128+), priorities 1–10 at random; a task may depend on any earlier layer, so the plan has ${phases} topological phases, the widest ${widestPhase} tasks; one process per round: its first session, then the median of 10 after 3 to warm up`,
      `agents: 120 idle ones with the capability \`general\` (routing gives an idle agent at most 9 tasks a pass), half fact checkers, half content ingestion`,
      ...rows.notes,
    ],
  };
}
