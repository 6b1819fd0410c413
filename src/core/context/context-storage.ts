import { AsyncLocalStorage } from 'node:async_hooks';
import type { OrchestrationContext } from './orchestration-context';

const storage = new AsyncLocalStorage<OrchestrationContext>();

/**
 * The context of the orchestration currently running, across awaits, or undefined outside of one.
 * Set by the facade around each orchestration when `kernel.contextPropagation` is on (the default).
 */
export function currentContext(): OrchestrationContext | undefined {
  return storage.getStore();
}

/** Runs `fn` with `ctx` as the current context. */
export function runWithContext<R>(ctx: OrchestrationContext, fn: () => R): R {
  return storage.run(ctx, fn);
}
