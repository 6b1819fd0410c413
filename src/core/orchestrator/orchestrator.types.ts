import type { OrchestrationContext } from '../context/orchestration-context';
import type { StepResult } from '../result/step-result';
import type { Permission } from '../security/permissions';

/** The three layers; a layer uses another only through the facade or a port in `core/ports/`. */
export const OrchestrationLayer = {
  Domain: 'domain',
  Application: 'application',
  Infrastructure: 'infrastructure',
} as const;
export type OrchestrationLayer = (typeof OrchestrationLayer)[keyof typeof OrchestrationLayer];
export const ORCHESTRATION_LAYERS: readonly OrchestrationLayer[] = Object.values(OrchestrationLayer);

/** How an orchestrator coordinates its work; informational, shown in listings. */
export const OrchestrationType = {
  Sequential: 'sequential',
  Parallel: 'parallel',
  Hierarchical: 'hierarchical',
  Adaptive: 'adaptive',
  Feedback: 'feedback',
  Monitoring: 'monitoring',
  Coordination: 'coordination',
} as const;
export type OrchestrationType = (typeof OrchestrationType)[keyof typeof OrchestrationType];
export const ORCHESTRATION_TYPES: readonly OrchestrationType[] = Object.values(OrchestrationType);

/** Free-form input of one orchestration call (the original's kwargs). */
export type OrchestrationInput = Record<string, unknown>;

/**
 * What only an in-process caller hands an orchestrator beside its input: live objects and capabilities (a progress
 * sink, wider local file access, a slot already held, the caller's own id for the work). It is a separate argument
 * so that nothing a client sends can grant one: the REST route and the GraphQL resolver pass request JSON as
 * `input` and never pass this. Each orchestrator declares its own shape.
 */
export type InProcessOptions = object;

/**
 * The class-validator DTO of an orchestrator's input. When an orchestrator declares one, the facade checks every
 * call's input against it before the orchestrator runs, from whichever caller: a field the DTO does not declare,
 * or a value it refuses, is a `validation` error naming each field as `input.<field>`.
 */
export type InputSchema = new () => object;

/** What an orchestrator reports to `/health`. */
export interface OrchestratorHealth {
  readonly healthy: boolean;
  readonly details?: Record<string, unknown>;
}

/**
 * The orchestrator protocol. Implement it directly or extend {@link BaseOrchestrator}.
 * `afterOrchestrate` runs after every call (also after a throw) and must never stop background work;
 * lifecycle shutdown belongs to Nest's hooks (`beforeApplicationShutdown`, `onApplicationShutdown`).
 */
export interface Orchestrator<
  TInput extends OrchestrationInput = OrchestrationInput,
  TData = unknown,
  TInProcess extends InProcessOptions = InProcessOptions,
> {
  readonly name: string;
  readonly layer: OrchestrationLayer;
  readonly type: OrchestrationType;
  readonly description?: string;
  /** What an API caller needs to run it (see {@link OrchestratorPermissions}); `<name>.run` when absent. */
  readonly permissions?: OrchestratorPermissions;
  /** When set, the facade refuses an input that does not satisfy it (see {@link InputSchema}). */
  readonly inputSchema?: InputSchema;
  /** `inProcess` is given only by in-process callers, never from a request (see {@link InProcessOptions}). */
  orchestrate(ctx: OrchestrationContext, input: TInput, inProcess?: TInProcess): Promise<StepResult<TData>>;
  canOrchestrate?(ctx: OrchestrationContext, input: TInput): boolean | Promise<boolean>;
  afterOrchestrate?(ctx: OrchestrationContext, result: StepResult<TData>): void | Promise<void>;
  healthCheck?(): OrchestratorHealth | Promise<OrchestratorHealth>;
}

/**
 * The permissions an API caller needs to run an orchestrator: `operations[input.operation]` when the input names an
 * operation listed there, else `run`. `run` defaults to `<name>.run`.
 */
export interface OrchestratorPermissions {
  readonly run?: Permission;
  readonly operations?: Readonly<Record<string, Permission>>;
}

/** Options of the `@Orchestrator()` decorator. */
export interface OrchestratorMeta {
  readonly name: string;
  readonly layer: OrchestrationLayer;
  /** Defaults to `sequential`. */
  readonly type?: OrchestrationType;
  readonly description?: string;
  /** Defaults to `{ run: '<name>.run' }` for every operation. */
  readonly permissions?: OrchestratorPermissions;
  /** The DTO every call's input must satisfy; unknown fields are refused (see {@link InputSchema}). */
  readonly inputSchema?: InputSchema;
}

/** What listings show of an orchestrator. */
export interface OrchestratorInfo {
  readonly name: string;
  readonly layer: OrchestrationLayer;
  readonly type: OrchestrationType;
  readonly description: string;
  readonly hasHealthCheck: boolean;
  /** The resolved permissions: `run` and the operations that need another permission. */
  readonly permissions: { readonly run: Permission; readonly operations: Readonly<Record<string, Permission>> };
}
