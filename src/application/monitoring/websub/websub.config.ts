import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** WebSub push subscriptions. Nested in the monitoring section. */
export class MonitoringWebSubConfig {
  /**
   * This service's public base URL, which hubs call back (`https://crew.example.com`); unset (the default) turns
   * WebSub off and sources are polled only.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: 'callbackBaseUrl must be an http(s) URL without query or fragment',
  })
  callbackBaseUrl: string | null = null;
  /** Lease asked of the hub, in seconds. Default 432000 (5 days). */
  @IsInt({ message: 'leaseSeconds must be an integer' })
  @Min(300, { message: 'leaseSeconds must be at least 300' })
  @Max(2_592_000, { message: 'leaseSeconds must be at most 2592000 (30 days)' })
  leaseSeconds = 432_000;
  /** A lease is renewed when less than this is left, in seconds. Default 86400. */
  @IsInt({ message: 'renewBeforeSeconds must be an integer' })
  @Min(60, { message: 'renewBeforeSeconds must be at least 60' })
  @Max(2_592_000, { message: 'renewBeforeSeconds must be at most 2592000' })
  renewBeforeSeconds = 86_400;
  /** A request the hub has not verified after this long is made again, in seconds. Default 600. */
  @IsInt({ message: 'verifyTimeoutSeconds must be an integer' })
  @Min(30, { message: 'verifyTimeoutSeconds must be at least 30' })
  @Max(86_400, { message: 'verifyTimeoutSeconds must be at most 86400' })
  verifyTimeoutSeconds = 600;
  /** Pushes closer together than this trigger one early check, in seconds. Default 30. */
  @IsInt({ message: 'minPushGapSeconds must be an integer' })
  @Min(0, { message: 'minPushGapSeconds must be at least 0' })
  @Max(86_400, { message: 'minPushGapSeconds must be at most 86400' })
  minPushGapSeconds = 30;
  /** How often leases are looked at for renewal, in ms. Default 600000. */
  @IsInt({ message: 'renewIntervalMs must be an integer' })
  @Min(1000, { message: 'renewIntervalMs must be at least 1000' })
  @Max(86_400_000, { message: 'renewIntervalMs must be at most 86400000' })
  renewIntervalMs = 600_000;
}
