import {
  ORCHESTRATION_LAYERS,
  ORCHESTRATION_TYPES,
  type OrchestrationLayer,
  type Orchestrator,
  type OrchestratorInfo,
} from '../orchestrator/orchestrator.types';
import { isPermission } from '../security/permissions';
import { inputCheck, type InputCheck } from '../orchestrator/input-schema';
import { OrchestratorRegistrationError } from './orchestrator-registration.error';

export const ORCHESTRATOR_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

export interface RegisteredOrchestrator {
  readonly info: OrchestratorInfo;
  readonly instance: Orchestrator;
  /** The check of the orchestrator's declared input schema, if it declares one. */
  readonly checkInput?: InputCheck;
}

/** Name → orchestrator, with per-layer lookup. Pure: no Nest, no I/O. */
export class OrchestratorRegistry {
  private readonly byName = new Map<string, RegisteredOrchestrator>();

  register(instance: Orchestrator): RegisteredOrchestrator {
    const { name, layer, type } = instance;
    if (typeof name !== 'string' || !ORCHESTRATOR_NAME_PATTERN.test(name)) {
      throw new OrchestratorRegistrationError(
        `Orchestrator name "${String(name)}" must match ${ORCHESTRATOR_NAME_PATTERN}`,
      );
    }
    if (!ORCHESTRATION_LAYERS.includes(layer)) {
      throw new OrchestratorRegistrationError(
        `Orchestrator "${name}" has layer "${String(layer)}"; expected one of ${ORCHESTRATION_LAYERS.join(', ')}`,
      );
    }
    if (!ORCHESTRATION_TYPES.includes(type)) {
      throw new OrchestratorRegistrationError(
        `Orchestrator "${name}" has type "${String(type)}"; expected one of ${ORCHESTRATION_TYPES.join(', ')}`,
      );
    }
    if (typeof instance.orchestrate !== 'function') {
      throw new OrchestratorRegistrationError(`Orchestrator "${name}" has no orchestrate() method`);
    }
    const run = instance.permissions?.run ?? `${name}.run`;
    const operations = { ...instance.permissions?.operations };
    for (const p of [run, ...Object.values(operations)]) {
      if (!isPermission(p))
        throw new OrchestratorRegistrationError(`Orchestrator "${name}" declares "${p}", which is not a permission`);
    }
    if (instance.inputSchema !== undefined && typeof instance.inputSchema !== 'function') {
      throw new OrchestratorRegistrationError(`Orchestrator "${name}" has an inputSchema that is not a DTO class`);
    }
    if (this.byName.has(name))
      throw new OrchestratorRegistrationError(`An orchestrator named "${name}" is already registered`);
    const entry: RegisteredOrchestrator = {
      info: {
        name,
        layer,
        type,
        description: instance.description ?? '',
        hasHealthCheck: typeof instance.healthCheck === 'function',
        permissions: { run, operations },
      },
      instance,
      ...(instance.inputSchema ? { checkInput: inputCheck(instance.inputSchema) } : {}),
    };
    this.byName.set(name, entry);
    return entry;
  }

  unregister(name: string): RegisteredOrchestrator {
    const entry = this.byName.get(name);
    if (!entry) throw new OrchestratorRegistrationError(`No orchestrator named "${name}" is registered`);
    this.byName.delete(name);
    return entry;
  }

  /** The permission `input` needs on the orchestrator `entry` (see `OrchestratorPermissions`). */
  static permissionFor(entry: RegisteredOrchestrator, input: { operation?: unknown }): string {
    const { run, operations } = entry.info.permissions;
    const op = input.operation;
    return typeof op === 'string' && Object.hasOwn(operations, op) ? operations[op] : run;
  }

  get(name: string): RegisteredOrchestrator | undefined {
    return this.byName.get(name);
  }

  byLayer(layer: OrchestrationLayer): RegisteredOrchestrator[] {
    return this.all().filter((e) => e.info.layer === layer);
  }

  /** Every registration, sorted by name. */
  all(): RegisteredOrchestrator[] {
    return [...this.byName.values()].sort((a, b) => a.info.name.localeCompare(b.info.name));
  }
}
