import { parseTaskOutput } from '../output/parse-task-output';
import type { CrewPlan, PlannedTask, TaskId } from '../plan/crew-plan';
import { runStage } from '../stages/stage-tools';
import type { StageTools } from '../ports/stage-tools.port';
import type { StageId } from '../stages/stage.types';
import type { AgentRunContext, AgentRunResult } from '../ports/agent-runtime.port';
import { taskTools } from './task-tools';

/** An error named `AbortError` (as `fetch` and `timers/promises` reject with), carrying the signal's reason as `cause`. */
export function abortError(signal?: AbortSignal): Error {
  const error = new Error('The crew run was aborted', { cause: signal?.reason });
  error.name = 'AbortError';
  return error;
}

/** Resolves after `ms` (a plain `setTimeout`, so fake timers drive it); rejects with {@link abortError} when `signal` aborts first. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const isAnalysis = (id: TaskId): boolean => id.startsWith('analysis');

/**
 * Runs a crew plan, the scheduling shared by every runtime. `sequential`: the tasks one after another
 * in `plan.order`. `hierarchical`: the tasks before the first analysis task in order (acquisition, transcription),
 * then every `analysis*` task concurrently with at most `plan.maxConcurrent` (≥ 1) in flight, then the rest
 * (integration) in order. After each task its raw text is parsed, put into `ctx.shared` (before any dependent task
 * starts) and passed to `ctx.onTaskComplete`. Every task that ran, replied or failed, is reported to
 * `ctx.onTaskSettled` with the stages it called (through the tools it is given) and its duration on `ctx.clock`.
 *
 * @param execute produces one task's raw text from the tools it is given (the run's, watched per task); it may read
 *   `ctx.shared` for the outputs of earlier tasks.
 * @returns the raw texts in plan order, and the raw text of the last task in order as `finalRaw` (`''` for an empty plan).
 * @throws an `AbortError` when `ctx.signal` is aborted before a task starts; the first rejection of `execute`
 *   (concurrent tasks already in flight are awaited first, no new task starts).
 */
export async function runPlan(
  plan: CrewPlan,
  ctx: AgentRunContext,
  execute: (task: PlannedTask, tools: StageTools) => Promise<string>,
): Promise<AgentRunResult> {
  const raws = new Map<TaskId, string>();
  const monotonic = ctx.clock ? () => ctx.clock!.monotonic() : () => performance.now();
  const runOne = async (id: TaskId): Promise<void> => {
    if (ctx.signal?.aborted) throw abortError(ctx.signal);
    const task = plan.tasks[id];
    if (task === undefined) throw new Error(`Crew plan lists task ${id} in its order but does not define it`);
    const calls: StageId[] = [];
    const started = monotonic();
    const settled = (raw: string | null, error: string | null) =>
      ctx.onTaskSettled?.({ task, calls: [...calls], durationMs: monotonic() - started, raw, error });
    let raw: string;
    try {
      raw = await execute(task, ctx.onTaskSettled ? taskTools(ctx.tools, calls) : ctx.tools);
    } catch (e) {
      settled(null, e instanceof Error ? e.message : String(e));
      throw e;
    }
    settled(raw, null);
    const output = parseTaskOutput(id, raw);
    raws.set(id, raw);
    ctx.shared.put(id, output);
    ctx.onTaskComplete?.(output);
  };

  const first = plan.order.findIndex(isAnalysis);
  if (plan.process === 'sequential' || first === -1) {
    for (const id of plan.order) await runOne(id);
  } else {
    const rest = plan.order.slice(first);
    for (const id of plan.order.slice(0, first)) await runOne(id);
    await runPool(rest.filter(isAnalysis), plan.maxConcurrent, runOne);
    for (const id of rest.filter((id) => !isAnalysis(id))) await runOne(id);
  }

  const outputs = plan.order.map((taskId) => ({ taskId, raw: raws.get(taskId) ?? '' }));
  return { outputs, finalRaw: outputs.at(-1)?.raw ?? '' };
}

/** Runs `work` over `ids` with at most `limit` in flight; after the first rejection no new item starts, and it is rethrown once all in flight settle. */
async function runPool(ids: readonly TaskId[], limit: number, work: (id: TaskId) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < ids.length) {
      const id = ids[next++];
      try {
        await work(id);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const slots = Math.min(ids.length, Math.max(1, Math.floor(limit) || 1));
  await Promise.all(Array.from({ length: slots }, worker));
  if (failure !== undefined) throw failure.error;
}

/** The stages each crew task works from; integration reads the task context only. */
export const TASK_STAGES: Readonly<Record<TaskId, readonly StageId[]>> = {
  acquisition: ['S1'],
  transcription: ['S2'],
  analysis: ['S3', 'S4', 'S6'],
  'analysis.text': ['S3'],
  'analysis.fact': ['S4'],
  'analysis.bias': ['S6'],
  'analysis.pattern': ['S9', 'S3', 'S4'],
  'analysis.social': ['S5'],
  integration: [],
};

/** Why a stage gave no data. */
export interface StageGap {
  readonly status: 'skipped' | 'error';
  readonly reason: string;
}

/** What one task works from: the `data` of its stages (ok or uncertain), and why the others gave none. */
export interface TaskEvidence {
  readonly data: Partial<Record<StageId, Record<string, unknown>>>;
  readonly gaps: Partial<Record<StageId, StageGap>>;
}

/**
 * Calls the stages of {@link TASK_STAGES} for `task` (memoised by the tools, so concurrent tasks share them) and
 * collects their data in that order.
 *
 * @throws Error `acquisition failed: <stage error>` with the S1 stage's `StageResult` as `cause`, when the task
 *   needs S1 and S1 did not succeed: nothing can be analysed without the content.
 */
export async function taskEvidence(task: PlannedTask, tools: StageTools): Promise<TaskEvidence> {
  const stages = TASK_STAGES[task.id];
  const results = await Promise.all(stages.map((id) => runStage(tools, id as Exclude<StageId, 'S13'>)));
  const data: TaskEvidence['data'] = {};
  const gaps: TaskEvidence['gaps'] = {};
  stages.forEach((id, i) => {
    const result = results[i];
    if (result.status === 'ok' || result.status === 'uncertain') data[id] = result.data;
    else gaps[id] = { status: result.status, reason: result.status === 'error' ? result.error : result.reason };
  });
  const s1 = gaps.S1;
  if (s1 !== undefined) throw new Error(`acquisition failed: ${s1.reason}`, { cause: results[stages.indexOf('S1')] });
  return { data, gaps };
}
