import type { ResiliencePort, ResilientOperation } from '../../core/ports/resilience.port';
import { resilient } from '../../core/resilience/resilient';

/**
 * A caller that runs `work` as `service` through the resilience port with the kernel's {@link resilient} (circuit
 * breaker, one retry after 200 ms), or directly when no module provides the port. `port` is asked on every call, so
 * a port resolved lazily is used as soon as it exists. A failure throws the kernel's `ResilienceFailure`, whose
 * message is the port's.
 *
 * @example
 * const guarded = resilientCall(() => resilience.tryGet(), 'content.llm');
 * const answer = await guarded((signal) => llm.complete({ ...request, signal }), request.signal);
 */
export function resilientCall(
  port: () => ResiliencePort | undefined,
  service: string,
): <T>(work: ResilientOperation<T>, signal?: AbortSignal) => Promise<T> {
  return async (work, signal) => {
    const resilience = port();
    if (!resilience) return work(signal ?? new AbortController().signal);
    return resilient(resilience, service, work, {
      strategy: 'circuit_breaker',
      signal,
      retry: { attempts: 2, baseDelayMs: 200 },
    });
  };
}
