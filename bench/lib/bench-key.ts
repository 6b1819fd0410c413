/** The admin key the benchmarks' service instances are bootstrapped with, and send. */
export const BENCH_KEY = 'ck_0000000000000b01.' + 'b'.repeat(43);

/** The request header carrying {@link BENCH_KEY}. */
export const BENCH_AUTH = { authorization: `Bearer ${BENCH_KEY}` } as const;

/**
 * The security settings of benches that call the service over HTTP for work rather than to measure the boundary:
 * their requests carry {@link BENCH_KEY} (acting for the tenants they name), and rate limits are off so that a
 * burst of runs is not refused. What the boundary costs is measured by the security bench.
 */
export const BENCH_SECURITY = {
  security: { bootstrapKey: BENCH_KEY },
  rateLimit: { enabled: false },
} as const;
