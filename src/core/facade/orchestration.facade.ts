import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { context as otelContext, trace, type Span } from '@opentelemetry/api';
import { AppConfig } from '../config/app-config';
import { runWithContext, runWithContexts } from '../context/context-storage';
import type { OrchestrationContext } from '../context/orchestration-context';
import { OrchestrationMetrics } from '../metrics/orchestration.metrics';
import { BaseOrchestrator } from '../orchestrator/base-orchestrator';
import { completedFields, startedFields } from '../orchestrator/orchestration-log';
import { Orchestrator as OrchestratorDecorator } from '../orchestrator/orchestrator.decorator';
import {
  type InProcessOptions,
  type OrchestrationInput,
  type OrchestrationLayer,
  type Orchestrator,
  type OrchestratorHealth,
  type OrchestratorInfo,
} from '../orchestrator/orchestrator.types';
import { fail, type StepResult } from '../result/step-result';
import { CLOCK, type Clock } from '../runtime/clock';
import { setOrchestrationFacade } from './facade.accessor';
import { lazyPort, type LazyPort } from '../lazy/lazy-port';
import { ACCESS_POLICY, type AccessPolicyPort } from '../ports/access-policy.port';
import { OrchestratorRegistry, type RegisteredOrchestrator } from './orchestrator-registry';
import { asOrchestrator } from './as-orchestrator';
import { errorMessage, invokeOrchestrator } from './invoke-orchestrator';
import { endSpan, facadeTracer } from './facade-tracing';

export { resetFacadeTracer } from './facade-tracing';

const UNREGISTERED = '_unregistered';
const DEBUG_LEVELS = new Set(['debug', 'trace']);

/**
 * The single entry point to every orchestrator: discovery (every `@Orchestrator()` provider is registered at
 * module init), a registry (`register`, `unregister`, `get`, `getByLayer`, `list`) and dispatch.
 *
 * `orchestrate()` never throws: an unknown name is a `not_found` error, a context deeper than
 * `kernel.maxDepth` a `validation` error, an input its orchestrator's declared `inputSchema` refuses a `validation`
 * error naming each field, `canOrchestrate() === false` a `skipped` result and a throw a retryable `processing`
 * error. Each call writes a log line pair (debug; failures at warn), one counter increment, one histogram sample
 * and a trace span (unless `telemetry.tracing` is off), and `afterOrchestrate()` runs after every call.
 */
@Injectable()
export class OrchestrationFacade implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(OrchestrationFacade.name);
  private readonly registry = new OrchestratorRegistry();
  private readonly maxDepth: number;
  private readonly propagate: boolean;
  private traced = true;
  private readonly debugLog: boolean;
  private readonly policy: LazyPort<AccessPolicyPort>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: OrchestrationMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    config: AppConfig,
    moduleRef: ModuleRef,
  ) {
    this.policy = lazyPort(moduleRef, ACCESS_POLICY);
    this.maxDepth = config.kernel.maxDepth;
    this.propagate = config.kernel.contextPropagation;
    this.debugLog = DEBUG_LEVELS.has(config.logging.level);
  }

  /**
   * Turns the span of every call on or off. On by default; the telemetry feature sets it from `telemetry.tracing`.
   * Off, no span is made at all, not even the OpenTelemetry API's no-op one (and its context copy): ~0.3 µs a call.
   */
  setTracing(enabled: boolean): void {
    this.traced = enabled;
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: OrchestratorDecorator.KEY })) {
      const meta = this.discovery.getMetadataByDecorator(OrchestratorDecorator, wrapper);
      if (!meta) continue;
      if (!wrapper.isDependencyTreeStatic() || !wrapper.instance) {
        this.logger.warn(
          `Orchestrator "${meta.name}" (${String(wrapper.name)}) is not a static singleton and was not registered`,
        );
        continue;
      }
      this.register(asOrchestrator(wrapper.instance as Orchestrator, meta));
    }
    setOrchestrationFacade(this);
    this.logger.log({ event: 'orchestrators_discovered', orchestrators: this.registry.all().map((e) => e.info.name) });
  }

  onApplicationShutdown(): void {
    setOrchestrationFacade(undefined, this);
  }

  /** Adds an orchestrator; throws `OrchestratorRegistrationError` on a duplicate name or invalid metadata. */
  register(orchestrator: Orchestrator): void {
    this.registry.register(orchestrator);
  }

  /** Removes an orchestrator; throws `OrchestratorRegistrationError` when no such name is registered. */
  unregister(name: string): void {
    this.registry.unregister(name);
  }

  get(name: string): Orchestrator | undefined {
    return this.registry.get(name)?.instance;
  }

  getByLayer(layer: OrchestrationLayer): Orchestrator[] {
    return this.registry.byLayer(layer).map((e) => e.instance);
  }

  /** Name, layer, type and description of every orchestrator (optionally one layer), sorted by name. */
  list(layer?: OrchestrationLayer): OrchestratorInfo[] {
    return (layer ? this.registry.byLayer(layer) : this.registry.all()).map((e) => e.info);
  }

  describe(name: string): OrchestratorInfo | undefined {
    return this.registry.get(name)?.info;
  }

  /** Runs each orchestrator's `healthCheck()` (those that have one); a throwing check counts as unhealthy. */
  async health(): Promise<Record<string, OrchestratorHealth>> {
    const out: Record<string, OrchestratorHealth> = {};
    for (const { info, instance } of this.registry.all()) {
      if (!instance.healthCheck) continue;
      try {
        out[info.name] = await instance.healthCheck();
      } catch (e) {
        out[info.name] = { healthy: false, details: { error: errorMessage(e) } };
      }
    }
    return out;
  }

  /**
   * Runs `name` with `ctx` and `input`. Never throws; see the class documentation for the outcomes. `inProcess`
   * carries what only in-process callers may give (live objects, capabilities); it is never built from a request.
   */
  async orchestrate<T = unknown>(
    name: string,
    ctx: OrchestrationContext,
    input: OrchestrationInput = {},
    inProcess?: InProcessOptions,
  ): Promise<StepResult<T>> {
    const entry = this.registry.get(name);
    if (!entry) {
      this.metrics.record(UNREGISTERED, 'none', 'error', 0);
      return fail('not_found', `No orchestrator named "${name}"`);
    }
    const { layer } = entry.info;
    if (typeof ctx !== 'object' || ctx === null) {
      this.metrics.record(name, layer, 'error', 0);
      return fail('validation', 'an OrchestrationContext is required');
    }
    if (ctx.orchestrationDepth > this.maxDepth) {
      this.metrics.record(name, layer, 'error', 0);
      return fail(
        'validation',
        `Orchestration depth ${ctx.orchestrationDepth} exceeds the maximum of ${this.maxDepth} (called from "${ctx.parentOrchestrator ?? 'root'}")`,
      );
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      this.metrics.record(name, layer, 'error', 0);
      return fail('validation', 'input must be an object');
    }
    if (ctx.principal) {
      const denied = this.authorize(entry, ctx, input);
      if (denied) {
        this.metrics.record(name, layer, 'error', 0);
        return denied;
      }
    }
    const problems = entry.checkInput?.(input);
    if (problems && problems.length > 0) {
      this.metrics.record(name, layer, 'error', 0);
      return fail('validation', problems.join('; '));
    }

    const started = this.clock.monotonic();
    const span = this.traced
      ? facadeTracer().startSpan(`orchestrate ${name}`, {
          attributes: {
            'orchestrator.name': name,
            'orchestrator.layer': layer,
            'tenant.id': ctx.tenantId,
            'request.id': ctx.requestId,
            'orchestration.depth': ctx.orchestrationDepth,
          },
        })
      : undefined;
    if (this.debugLog) this.logStart(entry.instance, ctx, input);

    const run = () => invokeOrchestrator(entry.instance, ctx, input, inProcess, this.logger);
    const result = await (span ? this.runTraced(span, ctx, run) : this.propagate ? runWithContext(ctx, run) : run());

    const ms = this.clock.monotonic() - started;
    this.metrics.record(name, layer, result.status, ms / 1000);
    if (span) endSpan(span, result);
    if (this.debugLog || result.status === 'error') this.logEnd(entry.instance, ctx, result, ms);
    return result as StepResult<T>;
  }

  /**
   * An API caller's permission for this call: `undefined` when allowed, else a `forbidden` error. Fails closed: with
   * a principal on the context but no access policy in the application, nothing runs.
   */
  private authorize(entry: RegisteredOrchestrator, ctx: OrchestrationContext, input: OrchestrationInput) {
    const policy = this.policy.tryGet();
    const permission = OrchestratorRegistry.permissionFor(entry, input);
    if (!policy) return fail('forbidden', `${permission} cannot be checked: no access policy is installed`);
    const resource = `${entry.info.name}:${typeof input.operation === 'string' ? input.operation : 'run'}`;
    const decision = policy.authorize(ctx.principal!, permission, resource, ctx.requestId);
    return decision.allowed ? undefined : fail('forbidden', decision.message, { retryable: false });
  }

  private runTraced(span: Span, ctx: OrchestrationContext, run: () => Promise<StepResult>): Promise<StepResult> {
    const spanContext = trace.setSpan(otelContext.active(), span);
    return this.propagate ? runWithContexts(ctx, spanContext, run) : otelContext.with(spanContext, run);
  }

  private logStart(o: Orchestrator, ctx: OrchestrationContext, input: OrchestrationInput): void {
    if (o instanceof BaseOrchestrator) o.logStart(ctx, input);
    else this.logger.debug(startedFields(o.name, o.layer, ctx, input));
  }

  private logEnd(o: Orchestrator, ctx: OrchestrationContext, result: StepResult, ms: number): void {
    if (o instanceof BaseOrchestrator) return o.logEnd(ctx, result, ms);
    const fields = completedFields(o.name, o.layer, ctx, result, ms);
    if (result.status === 'error') this.logger.warn(fields);
    else this.logger.debug(fields);
  }
}
