import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

/** What an alert rule looks at (see the telemetry alert engine). */
export class AlertSelectorConfig {
  /** The recent ended spans, or the points of one metric series. */
  @IsIn(['spans', 'metric']) source!: 'spans' | 'metric';
  /** With `source: spans`: `error` (1/0 per span) or `durationMs`. */
  @ValidateIf((o: AlertSelectorConfig) => o.source === 'spans') @IsIn(['error', 'durationMs']) field?:
    'error' | 'durationMs';
  /** With `source: metric`: the point name, e.g. `system.memory.percent`. */
  @ValidateIf((o: AlertSelectorConfig) => o.source === 'metric') @IsString() @MinLength(1) name?: string;
  /** With `source: metric`: only the points with these tags. */
  @IsOptional() @IsObject() tags?: Record<string, string>;
}

/** Which values a rule aggregates: the newest `count`, those of the last `ms`, or both limits. */
export class AlertWindowConfig {
  /** The newest this many values. */
  @IsOptional() @IsInt() @Min(1) count?: number;
  /** Values of the last this many ms. */
  @IsOptional() @IsInt() @Min(1) ms?: number;
}

/** One typed alert rule; `telemetry.alertRules` replaces the three built-in ones when set. */
export class AlertRuleConfig {
  /** The rule's name in alerts and the API. */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'id must be 1-64 letters, digits, _ . -' }) id!: string;
  /** The alert's title. */
  @IsString() @MinLength(1) title!: string;
  /** The alert's severity. */
  @IsIn(['info', 'warning', 'error', 'critical']) severity!: 'info' | 'warning' | 'error' | 'critical';
  /** What the rule looks at. */
  @ValidateNested() @Type(() => AlertSelectorConfig) selector!: AlertSelectorConfig;
  /** `last`, `mean` or `max` of the values, or `rate`: their sum per second of the window (counters). */
  @IsIn(['last', 'mean', 'max', 'rate']) aggregate!: 'last' | 'mean' | 'max' | 'rate';
  /** How the aggregate is compared with `threshold`; true fires the alert. */
  @IsIn(['>', '>=', '<', '<=']) operator!: '>' | '>=' | '<' | '<=';
  /** The value the aggregate is compared with. */
  @IsNumber() threshold!: number;
  /** Which values are aggregated. */
  @ValidateNested() @Type(() => AlertWindowConfig) window!: AlertWindowConfig;
  /** After firing, the rule does not fire again for this long. Default 900000 (15 min). */
  @IsOptional() @IsInt() @Min(0) cooldownMs?: number;
  /** An active alert resolves once its condition has been false for this long. Default the window's ms, else 300000. */
  @IsOptional() @IsInt() @Min(0) resolveAfterMs?: number;
  /** A rule with `false` is not evaluated. Default true. */
  @IsOptional() @IsBoolean() enabled?: boolean;
}

/** The telemetry orchestrator (infrastructure). */
export class TelemetryConfig {
  /**
   * Record every facade call as an OpenTelemetry span (SDK with an in-process ring of ended spans). Default true
   * (env `TRACING_ENABLED`). A traced no-op facade call costs ≈ 5–6 µs here instead of ≈ 2.3 µs; turn it off, or
   * lower `samplingRatio`, for hot paths that do not need traces.
   */
  @IsBoolean() tracing = true;
  /** Share of traces sampled, 0–1; children follow their parent's decision. Default 1 (env `TRACING_SAMPLE_RATIO`). */
  @IsNumber() @Min(0) @Max(1) samplingRatio = 1;
  /** Ended spans kept for the trace summaries. Default 1000. */
  @IsInt() @Min(1) @Max(1_000_000) spanRingSize = 1000;
  /** An OTLP/HTTP traces endpoint (e.g. `http://collector:4318/v1/traces`); spans are also exported there in batches. Default unset (env `TRACING_OTLP_URL`). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'telemetry.otlpUrl must be an http:// or https:// URL' })
  otlpUrl?: string;
  /** Metric points kept for the summaries and alert rules (oldest dropped). Default 10000. */
  @IsInt() @Min(1) @Max(10_000_000) metricBufferSize = 10_000;
  /** Period of the telemetry cycle job (host stats, alert rules); 0 turns it off. Default 30000 (env `TELEMETRY_CYCLE_MS`). */
  @IsInt() @Min(0) @Max(86_400_000) cycleEveryMs = 30_000;
  /** Alert rules; when set they replace the built-in three (error rate, latency, memory). */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => AlertRuleConfig) alertRules?: AlertRuleConfig[];
}

export const telemetryConfig = defineConfigSection({
  key: 'telemetry',
  schema: TelemetryConfig,
  env: {
    tracing: 'TRACING_ENABLED',
    samplingRatio: 'TRACING_SAMPLE_RATIO',
    cycleEveryMs: 'TELEMETRY_CYCLE_MS',
    otlpUrl: 'TRACING_OTLP_URL',
  },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    telemetry: TelemetryConfig;
  }
}
