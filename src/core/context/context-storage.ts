import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import type { OrchestrationContext } from './orchestration-context';

/** What one AsyncLocalStorage carries: the orchestration context and the OpenTelemetry context, together. */
interface Store {
  readonly ctx?: OrchestrationContext;
  readonly otel?: Context;
}

const storage = new AsyncLocalStorage<Store>();

/**
 * The context of the orchestration currently running, across awaits, or undefined outside of one.
 * Set by the facade around each orchestration when `kernel.contextPropagation` is on (the default).
 */
export function currentContext(): OrchestrationContext | undefined {
  return storage.getStore()?.ctx;
}

/** Runs `fn` with `ctx` as the current context (the OpenTelemetry context stays as it is). */
export function runWithContext<R>(ctx: OrchestrationContext, fn: () => R): R {
  return storage.run({ ctx, otel: storage.getStore()?.otel }, fn);
}

/** Runs `fn` with both contexts set in one step: one AsyncLocalStorage frame per orchestration, not two. */
export function runWithContexts<R>(ctx: OrchestrationContext, otel: Context, fn: () => R): R {
  return storage.run({ ctx, otel }, fn);
}

/**
 * An OpenTelemetry context manager on the kernel's own AsyncLocalStorage, so a traced orchestration costs one
 * storage frame instead of one for the kernel and one for OpenTelemetry. `bind` supports functions only (event
 * emitters are returned unchanged).
 */
export class SharedContextManager implements ContextManager {
  active(): Context {
    return storage.getStore()?.otel ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return storage.run({ ctx: storage.getStore()?.ctx, otel: context }, () => fn.apply(thisArg, args));
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as unknown as (...args: unknown[]) => unknown;
    const bound = (...args: unknown[]) => this.with(context, fn, undefined, ...args);
    return bound as unknown as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    return this;
  }
}
