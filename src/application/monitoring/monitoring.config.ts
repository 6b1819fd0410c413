import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';
import {
  CONTENT_RUN_DEPTHS,
  CONTENT_RUN_MODES,
  type ContentRunDepth,
  type ContentRunMode,
} from '../../core/ports/content-runs.port';
import { MonitoringAlertsConfig } from './alerts/alerts.config';
import { MonitoringScheduleConfig } from './engine/schedule.config';
import { MonitoringFetchConfig } from './feeds/fetch.config';
import { MonitoringWebSubConfig } from './websub/websub.config';

/** Why the default interval is not within the bounds, if it is not. */
function outsideBounds(value: unknown, c: MonitoringConfig): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (c.minIntervalSeconds > c.maxIntervalSeconds)
    return `minIntervalSeconds (${c.minIntervalSeconds}) is more than maxIntervalSeconds (${c.maxIntervalSeconds})`;
  if (value < c.minIntervalSeconds || value > c.maxIntervalSeconds)
    return `${value} is outside [minIntervalSeconds, maxIntervalSeconds] = [${c.minIntervalSeconds}, ${c.maxIntervalSeconds}]`;
  return undefined;
}

/** `realtime_monitoring`: the catalog's limits and a new source's defaults, and the scheduler's switches. */
export class MonitoringConfig {
  /** Run the scheduler on this instance (it checks due sources and starts runs for new items). Default false (env `MONITORING_ENABLED`). */
  @IsBoolean() enabled = false;
  /** The shortest interval a source may be checked at (configured or adapted), in seconds. Default 60. */
  @IsInt() @Min(10) @Max(86_400) minIntervalSeconds = 60;
  /** The longest interval a source may be checked at (configured or adapted), in seconds. Default 86400 (a day). */
  @IsInt() @Min(10) @Max(604_800) maxIntervalSeconds = 86_400;
  /** A new source's interval when the request names none, within the bounds above. Default 300. */
  @IsInt()
  @ValidateBy({
    name: 'defaultIntervalWithinBounds',
    validator: {
      validate: (v: unknown, args?: ValidationArguments) =>
        outsideBounds(v, args?.object as MonitoringConfig) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `defaultIntervalSeconds: ${outsideBounds(args?.value, args?.object as MonitoringConfig)}`,
    },
  })
  defaultIntervalSeconds: number = 300;
  /** A new source's jitter: each check moves by a random offset in `[0, jitter]` seconds. Default 30. */
  @IsInt() @Min(0) @Max(3_600) defaultJitterSeconds = 30;
  /** How a new source's items are analysed when the request names no mode. Default `fallback`. */
  @IsIn(CONTENT_RUN_MODES) defaultRunMode: ContentRunMode = 'fallback';
  /** The depth of a new source's runs when the request names none. Default `standard`. */
  @IsIn(CONTENT_RUN_DEPTHS) defaultRunDepth: ContentRunDepth = 'standard';
  /** Creators one tenant may have; one more is refused (409). Default 1000. */
  @IsInt() @Min(1) @Max(1_000_000) maxCreatorsPerTenant = 1_000;
  /** Sources one tenant may have; one more is refused (409). Default 5000. */
  @IsInt() @Min(1) @Max(1_000_000) maxSourcesPerTenant = 5_000;
  /** Checks older than this many days are dropped from the history. Default 30. */
  @IsInt() @Min(1) @Max(3_650) historyRetentionDays = 30;
  /** How the scheduler runs checks (concurrency, checkOnStart, the run drain, adaptive intervals). */
  @ValidateNested() @Type(() => MonitoringScheduleConfig) schedule = new MonitoringScheduleConfig();
  /** How feeds are fetched (size cap, timeout, redirects, per-host backoff, platform base URLs). */
  @ValidateNested() @Type(() => MonitoringFetchConfig) fetch = new MonitoringFetchConfig();
  /** The failing, stale and overdue alerts. */
  @ValidateNested() @Type(() => MonitoringAlertsConfig) alerts = new MonitoringAlertsConfig();
  /** WebSub push subscriptions (off until `callbackBaseUrl` is set). */
  @ValidateNested() @Type(() => MonitoringWebSubConfig) websub = new MonitoringWebSubConfig();
}

export const monitoringConfig = defineConfigSection({
  key: 'monitoring',
  schema: MonitoringConfig,
  env: { enabled: 'MONITORING_ENABLED' },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    monitoring: MonitoringConfig;
  }
}
