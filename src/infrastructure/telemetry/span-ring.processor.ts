import { SpanStatusCode, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** An ended span as the summaries and alert rules see it. */
export interface EndedSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly durationMs: number;
  /** `error` when the span's status is ERROR, `success` otherwise. */
  readonly status: 'success' | 'error';
  /** Epoch ms. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Counts running spans and keeps the newest `capacity` ended ones, oldest first. */
export class SpanRingProcessor implements SpanProcessor {
  /** Ended spans as the SDK hands them over; converted only when read (the hot path stays a ring write). */
  private readonly ring: (ReadableSpan | undefined)[];
  private head = 0;
  private count = 0;
  active = 0;

  constructor(readonly capacity = 1000) {
    this.ring = new Array<ReadableSpan | undefined>(capacity);
  }

  onStart(_span: Span, _parentContext: Context): void {
    this.active++;
  }

  onEnd(span: ReadableSpan): void {
    this.active = Math.max(0, this.active - 1);
    const i = (this.head + this.count) % this.capacity;
    this.ring[i] = span;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** Ended spans, oldest first; with `last`, only the newest `last`. */
  spans(last = this.count): EndedSpan[] {
    const n = Math.min(last, this.count);
    const out = new Array<EndedSpan>(n);
    for (let k = 0; k < n; k++) out[k] = toEnded(this.ring[(this.head + this.count - n + k) % this.capacity]!);
    return out;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function toEnded(span: ReadableSpan): EndedSpan {
  const ctx = span.spanContext();
  return {
    name: span.name,
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    durationMs: span.duration[0] * 1000 + span.duration[1] / 1e6,
    status: span.status.code === SpanStatusCode.ERROR ? 'error' : 'success',
    startedAt: span.startTime[0] * 1000 + span.startTime[1] / 1e6,
    endedAt: span.endTime[0] * 1000 + span.endTime[1] / 1e6,
    attributes: span.attributes,
  };
}
