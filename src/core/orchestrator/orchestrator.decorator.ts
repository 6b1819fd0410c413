import { DiscoveryService } from '@nestjs/core';
import type { OrchestratorMeta } from './orchestrator.types';

/**
 * Marks a provider as an orchestrator. The facade discovers every provider carrying it at bootstrap:
 * importing the provider's module is all it takes to make it callable.
 *
 * @example
 * @Orchestrator({ name: 'echo', layer: 'domain' })
 * @Injectable()
 * export class EchoOrchestrator extends BaseOrchestrator {
 *   async orchestrate(_ctx: OrchestrationContext, input: OrchestrationInput) { return ok(input); }
 * }
 */
export const Orchestrator = DiscoveryService.createDecorator<OrchestratorMeta>();

/** The decorator options on a class, if it carries `@Orchestrator()`. */
export function getOrchestratorMeta(target: object): OrchestratorMeta | undefined {
  return Reflect.getMetadata(Orchestrator.KEY, target) as OrchestratorMeta | undefined;
}
