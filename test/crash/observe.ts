import { learnerKey } from './client-log';
import { exchange, type RequestSpec } from './http';
import { dataOf, type FeedbackType } from './writes';

/** One tenant's feedback state as one server reports it. */
export interface ObservedTenant {
  readonly accepted: number;
  readonly processed: number;
  readonly deadLettered: number;
  /** Queued signals of every tenant (the queues are shared). */
  readonly queued: number;
  /** Per `type/id`: the health window's size and mean. */
  readonly health: Map<string, { readonly sampleSize: number; readonly avgReward: number }>;
  /** Per type, then per id: the learning sink's sample count. */
  readonly learning: Record<FeedbackType, Map<string, number>>;
}

export interface ObservedLearner {
  readonly decisions: number;
  readonly feedbacks: number;
  readonly totalReward: number;
}

/** What one server reports, per tenant and per {@link learnerKey}. */
export interface ObservedServer {
  readonly tenants: Map<string, ObservedTenant>;
  readonly learners: Map<string, ObservedLearner>;
}

interface MetricsReport {
  signalsAccepted: number;
  signalsProcessed: number;
  signalsDeadLettered: number;
  queueSizes: Record<string, number>;
  learning: { tools?: Record<string, { samples: number }>; agents?: Record<string, { samples: number }> };
}

interface HealthReport {
  componentHealthDetails: Record<string, { sampleSize: number; avgReward: number }>;
}

interface SummaryData {
  domains: Record<string, { algorithms: Record<string, ObservedLearner> }>;
}

/** A read the server must answer with 200; a failure ends the run (the servers are up by now). */
async function read<T>(port: number, spec: RequestSpec): Promise<T> {
  const x = await exchange(port, spec);
  if (x.kind !== 'answer' || x.status !== 200)
    throw new Error(
      `GET ${spec.path} failed: ${x.kind === 'answer' ? `${x.status} ${JSON.stringify(x.json)}` : x.kind}`,
    );
  return x.json as T;
}

const get = (key: string, path: string): RequestSpec => ({ method: 'GET', path, key });

function samples(stats: Record<string, { samples: number }> | undefined): Map<string, number> {
  return new Map(Object.entries(stats ?? {}).map(([id, s]) => [id, s.samples]));
}

/** A tenant's feedback state on the server at `port`, read with the tenant's own key. */
export async function observeTenant(port: number, key: string): Promise<ObservedTenant> {
  const metrics = await read<MetricsReport>(port, get(key, '/feedback/metrics'));
  const health = await read<HealthReport>(port, get(key, '/feedback/health'));
  return {
    accepted: metrics.signalsAccepted,
    processed: metrics.signalsProcessed,
    deadLettered: metrics.signalsDeadLettered,
    queued: Object.values(metrics.queueSizes).reduce((a, b) => a + b, 0),
    health: new Map(Object.entries(health.componentHealthDetails).map(([k, d]) => [k, d])),
    learning: { tool: samples(metrics.learning.tools), agent: samples(metrics.learning.agents) },
  };
}

/** Every learner's counters of the tenant on the server at `port` (`GET /bandits/summary`). */
export async function observeLearners(
  port: number,
  tenant: string,
  key: string,
): Promise<Map<string, ObservedLearner>> {
  const summary = dataOf(await read<unknown>(port, get(key, '/bandits/summary'))) as SummaryData | undefined;
  if (!summary) throw new Error('GET /bandits/summary: not an ok result');
  const out = new Map<string, ObservedLearner>();
  for (const [domain, d] of Object.entries(summary.domains))
    for (const [algorithm, a] of Object.entries(d.algorithms))
      out.set(learnerKey(tenant, domain, algorithm), {
        decisions: a.decisions,
        feedbacks: a.feedbacks,
        totalReward: a.totalReward,
      });
  return out;
}

/** Everything the checks compare, from each server, for each tenant. */
export async function observe(
  ports: readonly number[],
  tenants: readonly { readonly tenant: string; readonly key: string }[],
): Promise<ObservedServer[]> {
  const out: ObservedServer[] = [];
  for (const port of ports) {
    const server: ObservedServer = { tenants: new Map(), learners: new Map() };
    for (const { tenant, key } of tenants) {
      server.tenants.set(tenant, await observeTenant(port, key));
      for (const [k, v] of await observeLearners(port, tenant, key)) server.learners.set(k, v);
    }
    out.push(server);
  }
  return out;
}

/** Map-aware JSON, to tell whether two observations are the same. */
const fingerprint = (o: unknown) =>
  JSON.stringify(o, (_k, v: unknown) => (v instanceof Map ? [...(v as Map<unknown, unknown>)] : v));

/**
 * Whether every server reports its feedback queues empty. (Processed against accepted counts would say more, but
 * a server whose counts do not survive a crash would then never settle.)
 */
const drained = (servers: readonly ObservedServer[]) =>
  servers.every((s) => [...s.tenants.values()].every((t) => t.queued === 0));

/**
 * Reads the servers until their state has settled: the feedback queues empty and nothing changed for `quietMs`
 * (signals handed to the sinks, queued bandit updates applied, a crashed instance's job handed on, learners
 * re-read), or `timeoutMs` passed.
 * Returns the last read.
 */
export async function settle(
  ports: readonly number[],
  tenants: readonly { readonly tenant: string; readonly key: string }[],
  timeoutMs: number,
  quietMs: number,
): Promise<{ settled: boolean; servers: ObservedServer[] }> {
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  let since = Date.now();
  for (;;) {
    const servers = await observe(ports, tenants);
    const now = fingerprint(servers);
    if (now !== previous || !drained(servers)) since = Date.now();
    else if (Date.now() - since >= quietMs) return { settled: true, servers };
    if (Date.now() > deadline) return { settled: false, servers };
    previous = now;
    await new Promise((r) => setTimeout(r, 250));
  }
}
