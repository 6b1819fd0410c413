import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  AlwaysOnSampler,
  TracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { SharedContextManager } from '../../core/context/context-storage';
import { resetFacadeTracer } from '../../core/facade/orchestration.facade';
import { SpanRingProcessor } from './span-ring.processor';
import { TelemetryConfig } from './telemetry.config';

/** The app that registered the process-wide tracer provider (OpenTelemetry's globals allow one). */
let owner: TelemetryTracing | undefined;

/**
 * Registers the OpenTelemetry SDK for this process when `telemetry.tracing` is on: a tracer provider whose
 * sampler follows the parent and samples `samplingRatio` of new traces, the kernel's AsyncLocalStorage as context manager (so
 * child orchestrations become child spans of the same trace, with one storage frame per call), the span ring and, with `telemetry.otlpUrl`, a
 * batching OTLP/HTTP exporter. The facade's spans, made through the OpenTelemetry API, land here. Flushed and
 * unregistered at shutdown.
 */
@Injectable()
export class TelemetryTracing implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryTracing.name);
  readonly ring: SpanRingProcessor;
  private provider?: TracerProvider;

  constructor(private readonly config: TelemetryConfig) {
    this.ring = new SpanRingProcessor(config.spanRingSize);
  }

  get enabled(): boolean {
    return this.provider !== undefined;
  }

  onModuleInit(): void {
    const t = this.config;
    if (!t.tracing) return;
    if (owner) {
      this.logger.warn({
        event: 'tracing_already_registered',
        detail: 'another application in this process owns the OpenTelemetry globals; its provider records these spans',
      });
      return;
    }
    const root = t.samplingRatio >= 1 ? new AlwaysOnSampler() : new TraceIdRatioBasedSampler(t.samplingRatio);
    const processors: SpanProcessor[] = [this.ring];
    if (t.otlpUrl) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: t.otlpUrl }) }));
    this.provider = new TracerProvider({
      sampler: new ParentBasedSampler({ root }),
      resource: resourceFromAttributes({ 'service.name': 'crew-orchestrator' }),
      spanProcessors: processors,
    });
    context.setGlobalContextManager(new SharedContextManager());
    trace.setGlobalTracerProvider(this.provider);
    resetFacadeTracer();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- records which instance owns the process globals
    owner = this;
  }

  async onApplicationShutdown(): Promise<void> {
    if (owner !== this) return;
    await this.provider?.shutdown();
    trace.disable();
    context.disable();
    resetFacadeTracer();
    owner = undefined;
    this.provider = undefined;
  }
}
