import { seededRandom, type RandomSource } from '../../src/core/runtime/random';
import { freePort } from '../fixtures/free-port';
import { TEST_ADMIN_KEY, TEST_AUDIT_CHECKPOINT_KEY, TEST_PEPPER } from '../fixtures/test-keys';
import { serverEntry } from './build';
import { CrashClient } from './client';
import { ClientLog } from './client-log';
import { expectedState } from './expected';
import { exchange } from './http';
import { observeLearners, settle } from './observe';
import { ServerProcess } from './server';
import { dataOf, WRITE_KINDS, type WriteKind } from './writes';
import { checkOk, headline, verify, type Check, type DecisionScope, type Family, type FeedbackScope } from './verify';

export interface CrashOptions {
  /** Seeds the kill schedule and every client's choices. */
  readonly seed: number;
  /** SIGKILLs over the run (each followed by a restart on the same data). */
  readonly killPoints: number;
  /** One per server process: its `DATA_DIR`. Several servers share the rest of `env` (PostgreSQL, Redis). */
  readonly dataDirs: readonly string[];
  /** Concurrent clients, half per tenant. Default 8. */
  readonly clients?: number;
  /** Environment of every server on top of the harness's own (DATABASE_URL, REDIS_URL, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default `summed` (see {@link FeedbackScope}). */
  readonly feedbackScope?: FeedbackScope;
  /** Default `made` (see {@link DecisionScope}). */
  readonly decisionScope?: DecisionScope;
  /**
   * The families held to the rule and reported (default all). A deployment whose documented guarantees cover less
   * (Redis mode keeps feedback health and learning per instance) names the ones it promises.
   */
  readonly checked?: readonly Family[];
  /** Delay of each kill after the previous restart was ready, drawn uniformly. Default [50, 1500] ms. */
  readonly killDelayMs?: readonly [number, number];
  /** Default 120 s. */
  readonly bootTimeoutMs?: number;
  /** How long to wait for the queues to drain after the last restart. Default 30 s. */
  readonly settleTimeoutMs?: number;
  /**
   * The state must not change for this long before it is checked: longer than a crashed instance's job takes to
   * be handed on (`JOB_LOCK_MS`) when queues are shared. Default 1 s.
   */
  readonly quietMs?: number;
  /** Mean pause of a client between two writes (drawn from 0 to twice this). Default 0. */
  readonly pauseMs?: number;
  /** The server entry point; default {@link serverEntry} (compiled first when stale). */
  readonly entry?: { readonly entry: string; readonly built: boolean };
  /** Ends the run early: the servers are killed and the run rejects (a test's timeout, ^C). */
  readonly signal?: AbortSignal;
  /** Progress lines (kills, restarts). */
  readonly progress?: (line: string) => void;
}

export interface CrashReport {
  readonly seed: number;
  readonly killPoints: number;
  readonly servers: number;
  readonly clients: number;
  readonly durationMs: number;
  /** Server entry point, and whether the harness compiled it first. */
  readonly entry: { readonly entry: string; readonly built: boolean };
  readonly firstBootMs: readonly number[];
  /** Spawn to ready, one per restart after a kill. */
  readonly restartReadyMs: readonly number[];
  readonly acks: Readonly<Record<WriteKind, number>>;
  readonly retryAttempts: number;
  readonly retriedWrites: number;
  readonly resends: number;
  /** Whether the queues drained within the settle timeout. */
  readonly settled: boolean;
  readonly checks: readonly Check[];
  readonly lost: number;
  readonly doubled: number;
  /** Examples of what went wrong with the answers (refusals, mismatches), a few of each. */
  readonly samples: readonly string[];
  readonly ok: boolean;
}

export const TENANTS = ['crash-a', 'crash-b'] as const;

/** Independent seeded streams from one seed (an integer hash, so that near seeds do not give near streams). */
function stream(seed: number, n: number): RandomSource {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return seededRandom((h ^ (h >>> 15)) | 0);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates a `user` key of `tenant` with the bootstrap key. */
async function tenantKey(port: number, tenant: string): Promise<string> {
  const x = await exchange(port, {
    method: 'POST',
    path: '/security/keys',
    key: TEST_ADMIN_KEY,
    headers: { 'x-tenant-id': tenant },
    body: { name: 'crash harness', roles: ['user'] },
  });
  const key = x.kind === 'answer' ? dataOf(x.json)?.key : undefined;
  if (typeof key !== 'string') throw new Error(`creating a key for ${tenant} failed: ${JSON.stringify(x)}`);
  return key;
}

/**
 * Runs the crash harness: starts the servers, drives the clients, kills (SIGKILL) and restarts servers at seeded
 * moments, lets the last restart settle, then checks the derived state read over HTTP against a replay of the
 * acknowledged writes. Servers are killed at the end whatever happens.
 */
export async function runCrashHarness(o: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  const progress = o.progress ?? (() => undefined);
  const [minDelay, maxDelay] = o.killDelayMs ?? [50, 1500];
  const entry = o.entry ?? (await serverEntry());
  const servers: ServerProcess[] = [];
  for (const [i, dataDir] of o.dataDirs.entries()) {
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOG_HTTP_REQUESTS: 'false',
      METRICS_DEFAULT: 'false',
      RATE_LIMIT_ENABLED: 'false',
      FEEDBACK_DRAIN_MS: '100',
      SECURITY_BOOTSTRAP_KEY: TEST_ADMIN_KEY,
      SECURITY_PEPPER: TEST_PEPPER,
      AUDIT_CHECKPOINT_KEY: TEST_AUDIT_CHECKPOINT_KEY,
      INSTANCE_NAME: `crash-${i}`,
      ...o.env,
    };
    servers.push(
      new ServerProcess({
        name: `crash-${i}`,
        entry: entry.entry,
        port,
        env,
        bootTimeoutMs: o.bootTimeoutMs ?? 120_000,
      }),
    );
  }
  const log = new ClientLog();
  let stopping = false;
  let aborted = false;
  const abort = () => {
    aborted = true;
    void Promise.all(servers.map((s) => s.kill()));
  };
  o.signal?.addEventListener('abort', abort, { once: true });
  try {
    await Promise.all(servers.map((s) => s.start()));
    progress(`servers ready in ${servers.map((s) => s.readyMs[0]).join(', ')} ms (${entry.entry})`);
    const ports = servers.map((s) => s.port);
    const tenants: { tenant: string; key: string }[] = [];
    for (const tenant of TENANTS) tenants.push({ tenant, key: await tenantKey(ports[0], tenant) });
    const learners: { tenant: string; domain: string; algorithm: string }[] = [];
    for (const { tenant, key } of tenants)
      for (const k of (await observeLearners(ports[0], tenant, key)).keys()) {
        const [, domain, algorithm] = k.split('/');
        learners.push({ tenant, domain, algorithm });
      }
    const domainNames = [...new Set(learners.map((l) => l.domain))].filter((d) => d !== 'model_routing');
    const domains = domainNames.map((name) => ({
      name,
      algorithms: [...new Set(learners.filter((l) => l.domain === name).map((l) => l.algorithm))],
    }));
    const clientCount = o.clients ?? 8;
    const clients = Array.from({ length: clientCount }, (_, index) => {
      const t = tenants[index % tenants.length];
      const setup = {
        index,
        ...t,
        domains,
        ports,
        rng: stream(o.seed, index + 1),
        giveUpMs: 300_000,
        pauseMs: o.pauseMs ?? 0,
      };
      return new CrashClient(setup, log).run({ stopping: () => stopping, aborted: () => aborted });
    });
    const running = Promise.all(clients);
    // A client that fails (no answer within giveUpMs) must not wait for the kill loop to notice.
    running.catch(() => (aborted = true));
    const schedule = stream(o.seed, 0);
    const restartReadyMs: number[] = [];
    for (let k = 1; k <= o.killPoints && !aborted; k++) {
      const delay = Math.round(minDelay + schedule.next() * (maxDelay - minDelay));
      const pick = Math.floor(schedule.next() * (servers.length + 1));
      const victims = servers.length === 1 || pick === servers.length ? servers : [servers[pick]];
      await sleep(delay);
      await Promise.all(victims.map((s) => s.kill()));
      if (aborted) break;
      await Promise.all(victims.map((s) => s.start()));
      const ready = victims.map((s) => s.readyMs[s.readyMs.length - 1]);
      restartReadyMs.push(...ready);
      progress(
        `kill ${k}/${o.killPoints} after ${delay} ms: ${victims.map((s) => s.spec.name).join('+')}, ready in ${ready.join(', ')} ms`,
      );
    }
    await sleep(maxDelay);
    stopping = true;
    await running;
    if (aborted) throw new Error('crash harness aborted');
    const { settled, servers: observed } = await settle(ports, tenants, o.settleTimeoutMs ?? 30_000, o.quietMs ?? 1000);
    const expected = expectedState(log, TENANTS, learners, servers.length);
    const all = verify(log, expected, observed, o.feedbackScope ?? 'summed', o.decisionScope ?? 'made');
    const checks = o.checked === undefined ? all : all.filter((c) => o.checked?.includes(c.family));
    const { lost, doubled } = headline(checks);
    const acks = Object.fromEntries(WRITE_KINDS.map((k) => [k, 0])) as Record<WriteKind, number>;
    for (const a of log.acks) acks[a.write.kind]++;
    return {
      seed: o.seed,
      killPoints: o.killPoints,
      servers: servers.length,
      clients: clientCount,
      durationMs: Math.round(performance.now() - started),
      entry,
      firstBootMs: servers.map((s) => s.readyMs[0]),
      restartReadyMs,
      acks,
      retryAttempts: log.retryAttempts,
      retriedWrites: log.retriedWrites,
      resends: log.resends.length,
      settled,
      checks,
      lost,
      doubled,
      samples: samplesOf(log),
      ok: settled && checks.every(checkOk),
    };
  } finally {
    o.signal?.removeEventListener('abort', abort);
    aborted = stopping = true;
    await Promise.all(servers.map((s) => s.kill()));
  }
}

/** A few examples of each kind of wrong answer, for the figures. */
function samplesOf(log: ClientLog): string[] {
  const label = (w: { kind: string; request: { path: string } }) => `${w.kind} ${w.request.path}`;
  return [
    ...log.refusals
      .slice(0, 3)
      .map(
        (r) => `refused ${r.status}${r.afterUncertain ? ' after a lost answer' : ''}: ${label(r.write)} ${r.answer}`,
      ),
    ...log.resends
      .filter((r) => r.mismatch)
      .slice(0, 3)
      .map((r) => `re-send of ${label(r.write)}: ${r.mismatch}`),
    ...log.ackMismatches.slice(0, 3).map((m) => `acknowledged ${label(m.write)}: ${m.reason}`),
  ];
}
