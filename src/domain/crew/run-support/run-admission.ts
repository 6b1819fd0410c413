import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { fail, type StepResult } from '../../../core/result/step-result';
import { isRunLimitReached, type RunLimiter, type RunSlot } from './run-limiter';

/**
 * The one gate of every content-intelligence run (`fallback_autonomous`, `autonomous_intelligence`,
 * `enhanced_autonomous`), however it arrives: a queued `/autointel` job, the generic orchestrate route, GraphQL or
 * the CLI. A run executes holding a slot of the instance's {@link RunLimiter} (`autointel.concurrency`,
 * `autointel.maxRunningPerTenant`) and under the deadline `autointel.runTimeoutMs`.
 *
 * A queued job waits for its slot before its run is marked running and hands it over; any other caller asks for
 * one when the run starts and, when none is free, is refused at once — `unavailable` (503) when every slot is
 * taken, `rate_limited` (429) when its tenant holds all it may — since a request cannot wait in a queue.
 */
export class RunAdmission {
  constructor(
    readonly limiter: RunLimiter,
    /** A run's signal aborts after this long; a failure it then returns becomes a `timeout`. */
    readonly timeoutMs: number,
  ) {}

  /**
   * Runs `work` with a slot (`slot` when the caller holds one, else one taken now and given back after) and with
   * `ctx`'s signal also aborting at the deadline.
   */
  async run<T>(
    ctx: OrchestrationContext,
    slot: RunSlot | undefined,
    work: (ctx: OrchestrationContext) => Promise<StepResult<T>>,
  ): Promise<StepResult<T>> {
    const held = slot ?? this.limiter.tryAcquire(ctx.tenantId);
    if (isRunLimitReached(held)) {
      const advice = 'try again later, or queue the run with POST /autointel';
      return held.limit === 'concurrency'
        ? fail('unavailable', `all ${held.max} run slots are taken (autointel.concurrency); ${advice}`)
        : fail(
            'rate_limited',
            `tenant ${ctx.tenantId} already has ${held.max} runs running (autointel.maxRunningPerTenant); ${advice}`,
          );
    }
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new Error(`run stopped after autointel.runTimeoutMs (${this.timeoutMs} ms)`)),
      this.timeoutMs,
    );
    try {
      const result = await work(ctx.withSignal(AbortSignal.any([ctx.signal, deadline.signal])));
      if (result.status !== 'error' || !deadline.signal.aborted || ctx.signal.aborted) return result;
      return fail(
        'timeout',
        `the run was stopped after autointel.runTimeoutMs (${this.timeoutMs} ms): ${result.error}`,
        {
          data: result.data,
        },
      );
    } finally {
      clearTimeout(timer);
      if (!slot) held.release();
    }
  }
}
