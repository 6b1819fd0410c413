import type { ResiliencePort } from '../ports/resilience.port';

let current: ResiliencePort | undefined;

/** Set by the resilience module when the application starts (and cleared when it stops). */
export function setResiliencePort(port: ResiliencePort | undefined): void {
  current = port;
}

/** The running application's resilience port, for code outside dependency injection (and `@Resilient()`). */
export function getResiliencePort(): ResiliencePort {
  if (!current)
    throw new Error('No resilience port: the application with the ResilienceModule has not started (or has stopped)');
  return current;
}
