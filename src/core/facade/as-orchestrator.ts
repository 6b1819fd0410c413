import { OrchestrationType, type Orchestrator, type OrchestratorMeta } from '../orchestrator/orchestrator.types';

/** A decorated provider seen through its decorator's metadata (the decorator wins over instance fields). */
export function asOrchestrator(instance: Orchestrator, meta: OrchestratorMeta): Orchestrator {
  const type = meta.type ?? OrchestrationType.Sequential;
  const inputSchema = meta.inputSchema ?? instance.inputSchema;
  if (
    instance.name === meta.name &&
    instance.layer === meta.layer &&
    instance.type === type &&
    (meta.permissions === undefined || meta.permissions === instance.permissions) &&
    instance.inputSchema === inputSchema
  )
    return instance;
  return {
    name: meta.name,
    layer: meta.layer,
    type,
    description: meta.description ?? instance.description,
    permissions: meta.permissions ?? instance.permissions,
    inputSchema,
    orchestrate: (ctx, input, inProcess) => instance.orchestrate(ctx, input, inProcess),
    canOrchestrate: instance.canOrchestrate ? (ctx, input) => instance.canOrchestrate!(ctx, input) : undefined,
    afterOrchestrate: instance.afterOrchestrate ? (ctx, result) => instance.afterOrchestrate!(ctx, result) : undefined,
    healthCheck: instance.healthCheck ? () => instance.healthCheck!() : undefined,
  };
}
