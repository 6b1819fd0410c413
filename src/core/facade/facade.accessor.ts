import type { OrchestrationFacade } from './orchestration.facade';

let current: OrchestrationFacade | undefined;

/**
 * The application's facade, for code that does not live in Nest's container (scripts, callbacks).
 * Valid from bootstrap until shutdown; inside providers, inject `OrchestrationFacade` instead.
 */
export function getOrchestrationFacade(): OrchestrationFacade {
  if (!current)
    throw new Error(
      'The orchestration facade is not available: the application has not bootstrapped (or has shut down)',
    );
  return current;
}

/** @internal called by the facade itself. */
export function setOrchestrationFacade(facade: OrchestrationFacade | undefined, previous?: OrchestrationFacade): void {
  if (facade === undefined && previous !== undefined && current !== previous) return;
  current = facade;
}
