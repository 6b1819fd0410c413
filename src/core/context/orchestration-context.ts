import { randomIds, type IdGenerator } from '../runtime/id-generator';
import type { Principal } from '../security/principal';
import type { W3CTraceContext } from './trace-context';

/** Fields a caller may set when creating a root context; everything else is derived. */
export interface OrchestrationContextInit {
  tenantId?: string;
  workspaceId?: string;
  requestId?: string;
  traceId?: string;
  /** The caller's W3C trace context, when it sent a valid one (see {@link OrchestrationContext.traceContext}). */
  traceContext?: W3CTraceContext;
  metadata?: Record<string, unknown>;
  /** The authenticated caller of an API request; absent for in-process callers (jobs, the CLI), which are trusted. */
  principal?: Principal;
  parentOrchestrator?: string;
  orchestrationDepth?: number;
  /** Aborts the orchestration (client gone, deadline). Either a signal or a factory called on first use. */
  signal?: AbortSignal | (() => AbortSignal);
}

export const DEFAULT_TENANT = 'default';
export const DEFAULT_WORKSPACE = 'default';

const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/**
 * Who is asking and where in the call tree we are. Immutable: children are new objects made with
 * {@link OrchestrationContext.createChild}, which keeps tenant, workspace, request and trace, names the parent,
 * increments the depth and copies the metadata (a child never aliases its parent's metadata).
 *
 * @example
 * const ctx = OrchestrationContext.create({ tenantId: 'acme' });
 * const child = ctx.createChild('content_pipeline'); // depth 1, parentOrchestrator 'content_pipeline'
 */
export class OrchestrationContext {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly requestId: string;
  readonly traceId: string;
  /**
   * The W3C trace context (`traceparent`, `tracestate`) the caller sent, when valid; work handed on to run later
   * (a queued job) carries it so that its spans join the caller's trace. Not part of {@link toJSON}.
   */
  readonly traceContext: W3CTraceContext | undefined;
  readonly metadata: Record<string, unknown>;
  /**
   * The authenticated caller when the context comes from an API request: the facade checks the permission of every
   * orchestration it runs against it. Children keep it, so work done on a caller's behalf needs the caller's
   * permissions. Absent for in-process callers. Not part of {@link toJSON}.
   */
  readonly principal: Principal | undefined;
  readonly parentOrchestrator: string | undefined;
  readonly orchestrationDepth: number;
  private readonly signalSource: LazySignal;

  private constructor(
    fields: Required<Omit<OrchestrationContextInit, 'parentOrchestrator' | 'signal' | 'traceContext' | 'principal'>> & {
      parentOrchestrator?: string;
      principal: Principal | undefined;
      traceContext: W3CTraceContext | undefined;
      signalSource: LazySignal;
    },
  ) {
    this.tenantId = fields.tenantId;
    this.workspaceId = fields.workspaceId;
    this.requestId = fields.requestId;
    this.traceId = fields.traceId;
    this.traceContext = fields.traceContext;
    this.metadata = fields.metadata;
    this.principal = fields.principal;
    this.parentOrchestrator = fields.parentOrchestrator;
    this.orchestrationDepth = fields.orchestrationDepth;
    this.signalSource = fields.signalSource;
  }

  /** Aborts when the caller gives up (client disconnected, deadline); shared by the whole call tree. */
  get signal(): AbortSignal {
    return this.signalSource.get();
  }

  /** A root context; missing ids come from `ids` (random by default), metadata is copied. */
  static create(init: OrchestrationContextInit = {}, ids: IdGenerator = randomIds): OrchestrationContext {
    return new OrchestrationContext({
      tenantId: init.tenantId ?? DEFAULT_TENANT,
      workspaceId: init.workspaceId ?? DEFAULT_WORKSPACE,
      requestId: init.requestId ?? ids.uuid(),
      traceId: init.traceId ?? ids.traceId(),
      traceContext: init.traceContext,
      metadata: copyMetadata(init.metadata ?? {}),
      principal: init.principal,
      parentOrchestrator: init.parentOrchestrator,
      orchestrationDepth: init.orchestrationDepth ?? 0,
      signalSource: new LazySignal(init.signal ?? NEVER_ABORTED),
    });
  }

  /** The context for an orchestration started by `parentName`: depth + 1, metadata copied. */
  createChild(parentName: string): OrchestrationContext {
    return new OrchestrationContext({
      tenantId: this.tenantId,
      workspaceId: this.workspaceId,
      requestId: this.requestId,
      traceId: this.traceId,
      traceContext: this.traceContext,
      metadata: copyMetadata(this.metadata),
      principal: this.principal,
      parentOrchestrator: parentName,
      orchestrationDepth: this.orchestrationDepth + 1,
      signalSource: this.signalSource,
    });
  }

  /** The same context with another abort signal (e.g. one combined with a timeout). */
  withSignal(signal: AbortSignal): OrchestrationContext {
    return new OrchestrationContext({
      ...this,
      parentOrchestrator: this.parentOrchestrator,
      signalSource: new LazySignal(signal),
    });
  }

  /** A plain object for logs and API responses (the signal is reduced to `aborted`). */
  toJSON(): Record<string, unknown> {
    return {
      tenantId: this.tenantId,
      workspaceId: this.workspaceId,
      requestId: this.requestId,
      traceId: this.traceId,
      metadata: this.metadata,
      parentOrchestrator: this.parentOrchestrator ?? null,
      orchestrationDepth: this.orchestrationDepth,
      aborted: this.signal.aborted,
    };
  }
}

/**
 * A signal made on first use: an AbortController costs ~2.4 µs and a 'close' listener, which most requests never
 * need. Children share their root's instance, so the whole call tree sees one signal.
 */
class LazySignal {
  private signal: AbortSignal | undefined;
  private factory: (() => AbortSignal) | undefined;

  constructor(source: AbortSignal | (() => AbortSignal)) {
    if (typeof source === 'function') this.factory = source;
    else this.signal = source;
  }

  get(): AbortSignal {
    if (!this.signal) {
      this.signal = this.factory!();
      this.factory = undefined;
    }
    return this.signal;
  }
}

/** Deep copy of plain data; values structuredClone cannot copy (functions, class instances with handles) are kept by reference. */
function copyMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(metadata)) {
    copy[key] = cloneValue(value);
  }
  return copy;
}

function cloneValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
