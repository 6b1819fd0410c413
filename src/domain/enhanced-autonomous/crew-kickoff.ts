import { runWithContext } from '../../core/context/context-storage';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import type { Depth } from '../content';
import {
  SharedTaskContext,
  type AgentRunResult,
  type AgentRuntime,
  type CrewPlan,
  type StageTools,
  type StageToolsFactory,
} from '../crew';

/** How a capped crew run ended: done (with its tools, for the report), timed out, or failed. */
export type Kickoff =
  | { readonly kind: 'done'; readonly result: AgentRunResult; readonly tools: StageTools }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly error: string };

export interface KickoffRequest {
  readonly ctx: OrchestrationContext;
  readonly url: string;
  readonly workflowId: string;
  readonly localFiles?: 'roots' | 'any';
  readonly plan: CrewPlan;
  readonly depth: Depth;
  readonly runtime: AgentRuntime;
  readonly tools: StageToolsFactory;
  readonly timeoutMs: number;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs the crew inside the context's tenant scope with the timeout: the timer settles the race before it aborts
 * the runtime's signal, so a runtime that rejects on abort still counts as a timeout. An abort of the caller's
 * signal aborts the crew too (it then ends as an error).
 */
export async function kickoffWithTimeout(r: KickoffRequest): Promise<Kickoff> {
  const { ctx, url, workflowId, localFiles, plan, depth, runtime, tools, timeoutMs } = r;
  const { tenantId, workspaceId } = ctx;
  const controller = new AbortController();
  const onAbort = () => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Kickoff>((resolve) => {
    timer = setTimeout(
      () => (resolve({ kind: 'timeout' }), controller.abort(new Error(`crew timed out after ${timeoutMs} ms`))),
      timeoutMs,
    );
  });
  const { signal } = controller;
  const work = (async (): Promise<Kickoff> => {
    const runTools = tools.create({ workflowId, url, depth, tenantId, workspaceId, signal, localFiles });
    const result = await runWithContext(ctx.withSignal(signal), () =>
      runtime.run(
        plan,
        { url, depth },
        { tenantId, workspaceId, signal, shared: new SharedTaskContext(), tools: runTools },
      ),
    );
    return { kind: 'done', result, tools: runTools };
  })().catch((e: unknown): Kickoff => ({ kind: 'error', error: errorText(e) }));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}
