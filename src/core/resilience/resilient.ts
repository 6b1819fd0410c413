import type { ExecuteOptions, ResiliencePort, ResilientOperation, RouteCandidate } from '../ports/resilience.port';
import { getResiliencePort } from './resilience.accessor';
import { ResilienceFailure } from './resilience-failure.error';

/**
 * Runs `primary` through the port and returns its value (or the fallback's) itself; throws
 * {@link ResilienceFailure} with the error result otherwise.
 *
 * @example
 * const summary = await resilient(this.resilience.get(), 'llm', (signal) => this.llm.summarize(text, { signal }), { strategy: 'retry' });
 */
export async function resilient<T>(
  port: ResiliencePort,
  service: string,
  primary: ResilientOperation<T> | readonly RouteCandidate<T>[],
  options?: ExecuteOptions<T>,
): Promise<T> {
  const result = await port.execute(service, primary, options);
  if (result.status === 'ok') return result.data.value;
  if (result.status === 'error') throw new ResilienceFailure(result);
  throw new Error(`Unexpected resilience result status "${result.status}"`);
}

/**
 * Wraps a provider method: every call runs through the application's resilience port under `service` and
 * returns the method's value (the original decorator returned nothing). Failures throw {@link ResilienceFailure}.
 * The method is called with its own arguments; the call's abort signal is not passed to it.
 *
 * @example
 * @Resilient('geocoder', { strategy: 'retry' })
 * async lookup(address: string): Promise<Point> { … }
 */
export function Resilient(service: string, options: Omit<ExecuteOptions<unknown>, 'signal'> = {}): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = function (this: unknown, ...args: unknown[]) {
      return resilient(getResiliencePort(), service, () => original.apply(this, args), options);
    };
    return descriptor;
  };
}
