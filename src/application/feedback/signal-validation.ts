import {
  COMPONENT_TYPES,
  ComponentType,
  FEEDBACK_SOURCES,
  FeedbackSource,
  type AgentFeedbackInput,
  type FeedbackSignal,
  type FeedbackSignalInput,
  type RagFeedbackInput,
  type ToolFeedbackInput,
} from '../../core/ports/feedback.port';
import { clamp01 } from './trajectory';

/** A rejected input: the field at fault and a message naming it. */
export interface InvalidField {
  readonly ok: false;
  readonly field: string;
  readonly message: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | InvalidField;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;
const SIGNAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const SIGNAL_KEYS = new Set([
  'signalId',
  'source',
  'componentType',
  'componentId',
  'reward',
  'confidence',
  'context',
  'metadata',
]);

/** Thrown inside the checkers and turned into an {@link InvalidField} at their edge. */
class Invalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unit(v: unknown, field: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1))
    throw new Invalid(field, `${field} must be a number in [0, 1], got ${describe(v)}`);
  return v;
}

function finite(v: unknown, field: string, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new Invalid(
      field,
      `${field} must be a finite number${min > -Infinity ? ` ≥ ${min}` : ''}, got ${describe(v)}`,
    );
  }
  return v;
}

function id(v: unknown, field: string, pattern = ID_PATTERN): string {
  if (typeof v !== 'string' || !pattern.test(v)) {
    throw new Invalid(
      field,
      `${field} must be a non-empty id (letters, digits and . _ : / @ + -, at most ${pattern === ID_PATTERN ? 200 : 128} characters), got ${describe(v)}`,
    );
  }
  return v;
}

function oneOf<T extends string>(v: unknown, field: string, values: readonly T[]): T {
  if (!values.includes(v as T))
    throw new Invalid(field, `${field} must be one of ${values.join(', ')}, got ${describe(v)}`);
  return v as T;
}

function record(v: unknown, field: string): Record<string, unknown> {
  if (!isRecord(v)) throw new Invalid(field, `${field} must be an object, got ${describe(v)}`);
  return v;
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new Invalid(field, `${field} must be a boolean, got ${describe(v)}`);
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}

function checked<T>(fn: () => T): Checked<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
}

/** A submitted signal with its defaults (source trajectory, type model, confidence 1, empty context/metadata). */
export interface ValidSignal {
  readonly signalId?: string;
  readonly source: FeedbackSource;
  readonly componentType: ComponentType;
  readonly componentId: string;
  readonly reward: number;
  readonly confidence: number;
  readonly context: Readonly<Record<string, unknown>>;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Shared by every signal submitted without context or metadata (signals are never mutated). */
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** The stored signal: a plain literal (one hidden class, no spread), with its id, tenant and time. */
export function stamp(v: ValidSignal, signalId: string, tenantId: string, timestamp: number): FeedbackSignal {
  return {
    signalId,
    tenantId,
    source: v.source,
    componentType: v.componentType,
    componentId: v.componentId,
    reward: v.reward,
    confidence: v.confidence,
    context: v.context,
    metadata: v.metadata,
    timestamp,
  };
}

/** Checks a signal as submitted (unknown keys, ranges — NaN included —, enums, ids); `prefix` names the fields. */
export function validateSignal(input: unknown, prefix = ''): Checked<ValidSignal> {
  return checked(() => {
    const s = record(input, prefix ? prefix.replace(/\.$/, '') : 'signal');
    for (const key of Object.keys(s))
      if (!SIGNAL_KEYS.has(key))
        throw new Invalid(
          prefix + key,
          `${prefix}${key} is not a signal field (allowed: ${[...SIGNAL_KEYS].join(', ')})`,
        );
    return {
      signalId: s.signalId === undefined ? undefined : id(s.signalId, `${prefix}signalId`, SIGNAL_ID_PATTERN),
      source: s.source === undefined ? FeedbackSource.Trajectory : oneOf(s.source, `${prefix}source`, FEEDBACK_SOURCES),
      componentType:
        s.componentType === undefined
          ? ComponentType.Model
          : oneOf(s.componentType, `${prefix}componentType`, COMPONENT_TYPES),
      componentId: id(s.componentId, `${prefix}componentId`),
      reward: unit(s.reward, `${prefix}reward`),
      confidence: s.confidence === undefined ? 1 : unit(s.confidence, `${prefix}confidence`),
      context: s.context === undefined ? EMPTY : { ...record(s.context, `${prefix}context`) },
      metadata: s.metadata === undefined ? EMPTY : { ...record(s.metadata, `${prefix}metadata`) },
    };
  });
}

/** Tool feedback → a `tool` signal: reward = clamped quality when given, else 1 on success and 0 on failure. */
export function toolSignal(input: unknown): Checked<FeedbackSignalInput> {
  return checked(() => {
    const t = record(input, 'body') as Partial<ToolFeedbackInput>;
    const success = bool(t.success, 'success');
    const quality = t.qualityScore === undefined ? undefined : finite(t.qualityScore, 'qualityScore');
    const latency = t.latencyMs === undefined ? undefined : finite(t.latencyMs, 'latencyMs', 0);
    return {
      ...helperId(t),
      source: FeedbackSource.ToolExecution,
      componentType: ComponentType.Tool,
      componentId: id(t.toolId, 'toolId'),
      reward: quality === undefined ? (success ? 1 : 0) : clamp01(quality),
      confidence: t.confidence === undefined ? 0.8 : unit(t.confidence, 'confidence'),
      context: { success, latency_ms: latency, ...(t.context === undefined ? {} : record(t.context, 'context')) },
      metadata: { quality_score: quality },
    };
  });
}

/** A helper's optional `signalId` (what makes its retries idempotent), checked like a signal's. */
function helperId(input: { signalId?: unknown }): { signalId?: string } {
  return input.signalId === undefined ? {} : { signalId: id(input.signalId, 'signalId', SIGNAL_ID_PATTERN) };
}

/** Agent feedback → an `agent` signal, the same rule as tools with `durationS`. */
export function agentSignal(input: unknown): Checked<FeedbackSignalInput> {
  return checked(() => {
    const a = record(input, 'body') as Partial<AgentFeedbackInput>;
    const success = bool(a.success, 'success');
    const quality = a.qualityScore === undefined ? undefined : finite(a.qualityScore, 'qualityScore');
    const duration = a.durationS === undefined ? undefined : finite(a.durationS, 'durationS', 0);
    return {
      ...helperId(a),
      source: FeedbackSource.AgentTask,
      componentType: ComponentType.Agent,
      componentId: id(a.agentId, 'agentId'),
      reward: quality === undefined ? (success ? 1 : 0) : clamp01(quality),
      confidence: a.confidence === undefined ? 0.8 : unit(a.confidence, 'confidence'),
      context: { success, duration_s: duration, ...(a.context === undefined ? {} : record(a.context, 'context')) },
      metadata: { quality_score: quality },
    };
  });
}

/** RAG feedback → a `memory` signal: reward = clamped relevance; the retrieved chunks go to the quality tracker. */
export function ragSignal(input: unknown): Checked<FeedbackSignalInput> {
  return checked(() => {
    const r = record(input, 'body') as Partial<RagFeedbackInput>;
    const relevance = finite(r.relevanceScore, 'relevanceScore');
    const numResults = r.numResults === undefined ? undefined : finite(r.numResults, 'numResults', 0);
    if (numResults !== undefined && !Number.isInteger(numResults))
      throw new Invalid('numResults', `numResults must be an integer, got ${numResults}`);
    let chunkIds: string[] | undefined;
    if (r.chunkIds !== undefined) {
      if (!Array.isArray(r.chunkIds) || r.chunkIds.length > 1000)
        throw new Invalid('chunkIds', `chunkIds must be an array of at most 1000 ids, got ${describe(r.chunkIds)}`);
      chunkIds = r.chunkIds.map((c, i) => id(c, `chunkIds[${i}]`));
    }
    return {
      ...helperId(r),
      source: FeedbackSource.RagRetrieval,
      componentType: ComponentType.Memory,
      componentId: id(r.queryId, 'queryId'),
      reward: clamp01(relevance),
      confidence: r.confidence === undefined ? 0.8 : unit(r.confidence, 'confidence'),
      context: {
        retrieval_latency_ms:
          r.retrievalLatencyMs === undefined ? undefined : finite(r.retrievalLatencyMs, 'retrievalLatencyMs', 0),
        num_results: numResults,
        chunk_ids: chunkIds,
      },
      metadata: { num_results: numResults, relevance_score: relevance },
    };
  });
}

/** Whether a spooled entry is a whole signal that may go back in a queue (its tenant, type and values valid). */
export function isSpooledSignal(s: unknown): s is FeedbackSignal {
  const v = s as Partial<FeedbackSignal>;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.signalId === 'string' &&
    typeof v.tenantId === 'string' &&
    COMPONENT_TYPES.includes(v.componentType as ComponentType) &&
    validateSignal({ componentId: v.componentId, reward: v.reward }).ok
  );
}
