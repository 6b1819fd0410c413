/** The admin key the benchmarks' service instances are bootstrapped with, and send. */
export const BENCH_KEY = 'ck_0000000000000b01.' + 'b'.repeat(43);

/** The request header carrying {@link BENCH_KEY}. */
export const BENCH_AUTH = { authorization: `Bearer ${BENCH_KEY}` } as const;
