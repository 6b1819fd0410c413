/**
 * What the security boundary costs per request, in one run: the whole service (its defaults: request log, context
 * propagation, tracing) on POST /orchestrators/noop/orchestrate with
 * - no boundary (`security.auth: off`),
 * - the API key check and the permission check (authentication hook, blocklist, anomaly counting, facade
 *   permission) without rate limits,
 * - the full boundary: the same plus the three rate-limit buckets (key, tenant, key+route), with budgets too large
 *   to deny so that every request pays the whole check.
 * and, as a floor, bare Fastify with the service's per-request features wired by hand (request id, schema, context
 * frame, span, metrics, log line) without and with the boundary's work wired by hand in one synchronous hook
 * (kernel/floor-boundary.ts): what doing that work costs at all inside a server, against what the service's
 * boundary costs.
 * Every variant runs in its own server process, once per round, rounds outermost.
 */
import { http } from './kernel.bench';
import { benchHeader, round, summarize, type BenchResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (xs: number[]) => summarize('', '', xs).median;

export async function run(): Promise<BenchResult> {
  const samples = await http({
    off: ['nest', 'log', 'als', 'trace', 'auth-off'],
    key: ['nest', 'log', 'als', 'trace', 'auth'],
    full: ['nest', 'log', 'als', 'trace', 'auth-limits'],
    floor: ['bare-features'],
    floorBoundary: ['bare-features', 'boundary'],
  });
  const variants = [
    summarize('http service, no security boundary (security.auth off)', 'req/s', samples.off),
    summarize('http service, API key + permission (no rate limits)', 'req/s', samples.key),
    summarize('http service, API key + permission + rate limits (full boundary)', 'req/s', samples.full),
    summarize("floor: bare fastify + the defaults' features by hand", 'req/s', samples.floor),
    summarize("floor: the same + the boundary's work by hand (one sync hook)", 'req/s', samples.floorBoundary),
  ].map((v) => ({ ...v, min: round(v.min), median: round(v.median), max: round(v.max) }));
  const [off, key, full] = [median(samples.off), median(samples.key), median(samples.full)];
  const [floor, floorBoundary] = [median(samples.floor), median(samples.floorBoundary)];
  const fullRatio = full / off;
  return {
    ...benchHeader('security', ROUNDS),
    variants,
    ratios: {
      'key+permission / no boundary': round(key / off, 3),
      'full boundary / no boundary': round(fullRatio, 3),
      'µs per request added: key + permission': round(1e6 / key - 1e6 / off, 2),
      'µs per request added: rate limits (over key + permission)': round(1e6 / full - 1e6 / key, 2),
      'µs per request added: full boundary': round(1e6 / full - 1e6 / off, 2),
      'floor: boundary by hand / no boundary': round(floorBoundary / floor, 3),
      'floor: µs per request added by the boundary by hand': round(1e6 / floorBoundary - 1e6 / floor, 2),
    },
    goal: 'the full boundary (key, permission, rate limits) costs ≤ 10 % of req/s on the no-op route (ratio ≥ 0.9)',
    met: fullRatio >= 0.9,
    notes: [
      'HTTP: autocannon, 10 connections, 1 s warm-up then 5 s, one server process per variant and round, 127.0.0.1; the key is verified from memory after its first use (HMAC-SHA256 with the pepper, no slow hash per request)',
    ],
  };
}
