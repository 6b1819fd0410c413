import { AlgorithmName } from './algorithms/bandit-algorithm';
import { Logger } from '@nestjs/common';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import {
  bootBandits,
  openBanditsDatabase,
  type BanditsInstance,
  type BanditsWorld,
} from '../../../test/fixtures/bandits-log';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { SqlKeyValueStore } from '../../core/persistence/sql-key-value.store';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import type { KeyValueStore } from '../../core/ports/key-value.port';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { seededRandom, type RandomSource } from '../../core/runtime/random';
import { DEFAULT_ALGORITHMS, defineDomain } from './bandit-domains';
import { BanditsRepository } from './bandits.repository';
import { ROUTER_MODELS } from './router';

const T0 = Date.UTC(2026, 11, 7, 9);
const SHOP_ALGORITHMS = ['uniform_random', 'epsilon_greedy', 'thompson_sampling'];
const DOMAINS = ['content_analysis', 'model_routing', 'shop'] as const;
const TENANTS = ['a', 'b'] as const;

type Op =
  | { kind: 'put'; tenant: string; actions: number }
  | {
      kind: 'decide';
      tenant: string;
      domain: string;
      userId: string;
      features: Record<string, number>;
      algorithm?: string;
    }
  | { kind: 'feedback'; tenant: string; decision: number; reward?: number; metrics?: Record<string, number> }
  | { kind: 'port'; tenant: string; action: string; x: number[]; reward: number; key?: string }
  | { kind: 'advance'; ms: number }
  | { kind: 'crash' };

/** A random run: decisions, answers (first ones, retries, other tenants'), port updates, time, replaced domains. */
function script(seed: number, length: number): Op[] {
  const rng = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
  const cents = () => Math.round(rng.next() * 100) / 100;
  const ops: Op[] = TENANTS.map((tenant) => ({ kind: 'put', tenant, actions: 3 }));
  const decided: { tenant: string; domain: string; reward?: number }[] = [];
  for (let n = 0; n < length; n++) {
    const roll = rng.next();
    if (roll < 0.4 || decided.length === 0) {
      const [tenant, domain] = [pick(TENANTS), pick(DOMAINS)];
      const algorithms = domain === 'shop' ? SHOP_ALGORITHMS : DEFAULT_ALGORITHMS;
      const algorithm = rng.next() < 0.5 ? undefined : pick(algorithms);
      const features = { complexity: cents(), priority: cents() };
      ops.push({ kind: 'decide', tenant, domain, userId: `u${Math.floor(rng.next() * 5)}`, features, algorithm });
      decided.push({ tenant, domain });
    } else if (roll < 0.75) {
      const decision = Math.floor(rng.next() * decided.length);
      const d = decided[decision];
      const tenant = rng.next() < 0.9 ? d.tenant : d.tenant === 'a' ? 'b' : 'a';
      const reward = d.reward !== undefined && rng.next() < 0.6 ? d.reward : cents();
      if (tenant === d.tenant) d.reward ??= reward;
      if (d.domain === 'model_routing' && rng.next() < 0.3)
        ops.push({ kind: 'feedback', tenant, decision, metrics: { quality_score: reward } });
      else ops.push({ kind: 'feedback', tenant, decision, reward });
    } else if (roll < 0.85) {
      const x = Array.from({ length: 8 }, cents);
      const key = rng.next() < 0.7 ? `k${Math.floor(rng.next() * 6)}` : undefined;
      ops.push({ kind: 'port', tenant: pick(TENANTS), action: pick(ROUTER_MODELS), x, reward: cents(), key });
    } else if (roll < 0.97) ops.push({ kind: 'advance', ms: Math.floor(rng.next() * 1500) });
    else ops.push({ kind: 'put', tenant: pick(TENANTS), actions: 2 + Math.floor(rng.next() * 3) });
    if (rng.next() < 0.08) ops.push({ kind: 'crash' });
  }
  return ops;
}

/** The real key-value store; a snapshot write fails now and then (seeded), and writes can be waited for. */
class FlakyKeyValue {
  private readonly pending = new Set<Promise<unknown>>();
  readonly kv: KeyValueStore;

  constructor(real: KeyValueStore, failures: RandomSource) {
    this.kv = {
      get: (scope, key) => real.get(scope, key),
      set: (scope, key, value, ttl) =>
        this.track(
          scope.namespace === 'bandits.snapshots' && failures.next() < 0.25
            ? Promise.reject(new Error('snapshot write lost'))
            : real.set(scope, key, value, ttl),
        ),
      setIfAbsent: (scope, key, value, ttl) => real.setIfAbsent(scope, key, value, ttl),
      increment: (scope, key, by, ttl) => real.increment(scope, key, by, ttl),
      delete: (scope, key) => this.track(real.delete(scope, key)),
      purgeExpired: () => real.purgeExpired(),
    };
  }

  track<T>(p: Promise<T>): Promise<T> {
    this.pending.add(p);
    const done = () => void this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  /** Resolves once no write (snapshot or mark) is on its way. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending]);
      await new Promise((r) => setImmediate(r));
    }
  }
}

/** The log's SQL, with the marks written after snapshots tracked too. */
class TrackedRepository extends BanditsRepository {
  constructor(
    database: OpenedDatabase,
    private readonly writes: FlakyKeyValue,
  ) {
    super(database);
  }
  override setMark(tenantId: string, domain: string, rewardSeq: number, decisionSeq: number): Promise<void> {
    return this.writes.track(super.setMark(tenantId, domain, rewardSeq, decisionSeq));
  }
}

/** Runs `ops` for tenants `<run>-a` and `<run>-b`; with `crashes`, each crash drops the instance and boots another. */
async function execute(database: OpenedDatabase, run: string, ops: readonly Op[], crashes: boolean, seed: number) {
  const clock = new ManualClock(T0);
  const writes = new FlakyKeyValue(new SqlKeyValueStore(database.db, clock), seededRandom(seed + 1));
  const world: BanditsWorld = {
    database,
    kv: writes.kv,
    clock,
    ids: sequentialIds('d'),
    random: seededRandom(seed + 2),
    repository: new TrackedRepository(database, writes),
    config: { bandits: { snapshotEvery: 3, decisionTtlMs: 5000, evaluationLogSize: 10 } },
  };
  let instance = await bootBandits(world);
  let restarts = 0;
  const decisions: string[] = [];
  const answers: unknown[] = [];
  const ctx = (tenant: string) => OrchestrationContext.create({ tenantId: `${run}-${tenant}` });
  for (const op of ops) {
    switch (op.kind) {
      case 'put': {
        const definition = { actions: ['p', 'q', 'r', 's'].slice(0, op.actions), algorithms: SHOP_ALGORITHMS };
        answers.push(
          await instance.store.putDomain(
            `${run}-${op.tenant}`,
            defineDomain('shop', definition, { dimension: 6, algorithm: AlgorithmName.LinUcb }, true),
          ),
        );
        break;
      }
      case 'decide': {
        const { userId, features, algorithm } = op;
        const decided = await instance.service.decide(ctx(op.tenant), op.domain, { userId, features, algorithm });
        decisions.push(decided.status === 'ok' ? decided.data.decisionId : 'none');
        answers.push(decided);
        break;
      }
      case 'feedback': {
        const { reward, metrics } = op;
        answers.push(
          await instance.service.feedback(ctx(op.tenant), { decisionId: decisions[op.decision], reward, metrics }),
        );
        break;
      }
      case 'port':
        await instance.service.update('model_routing', op.action, op.x, op.reward, `${run}-${op.tenant}`, op.key);
        break;
      case 'advance':
        clock.advance(op.ms);
        break;
      case 'crash':
        if (!crashes) break;
        // kill -9: nothing is written at shutdown; writes already on their way land (or fail) first.
        await writes.idle();
        instance = await bootBandits(world);
        restarts++;
    }
  }
  return { instance, answers, restarts, run };
}

/**
 * Checks the answers to answers given again: the same input for an answered decision gets the first answer back.
 * Returns how many such retries there were, and how many of them came after a restart.
 */
function checkRetries(ops: readonly Op[], answers: readonly unknown[]): { retries: number; afterCrash: number } {
  const first = new Map<number, { tenant: string; input: string; answer: unknown; crashes: number }>();
  const decided: { tenant: string; domain: string }[] = [];
  let [retries, afterCrash, crashes, i] = [0, 0, 0, 0];
  for (const op of ops) {
    if (op.kind === 'crash') crashes++;
    if (op.kind === 'crash' || op.kind === 'port' || op.kind === 'advance') continue;
    const answer = answers[i++] as { status: string };
    if (op.kind === 'decide') decided.push(op);
    // A replaced domain's decisions are forgotten with its log.
    if (op.kind === 'put') decided.forEach((d, n) => d.tenant === op.tenant && d.domain === 'shop' && first.delete(n));
    if (op.kind !== 'feedback') continue;
    const input = JSON.stringify([op.reward, op.metrics]);
    const seen = first.get(op.decision);
    if (seen && seen.tenant === op.tenant && seen.input === input) {
      expect(answer).toEqual(seen.answer);
      retries++;
      if (crashes > seen.crashes) afterCrash++;
    } else if (!seen && answer.status === 'ok') first.set(op.decision, { tenant: op.tenant, input, answer, crashes });
  }
  return { retries, afterCrash };
}

/** Everything the tenants' learners hold: models, counters, off-policy logs. */
async function held({ instance, run }: { instance: BanditsInstance; run: string }) {
  const out: Record<string, unknown> = {};
  for (const tenant of TENANTS)
    for (const name of DOMAINS) {
      const domain = (await instance.store.domain(`${run}-${tenant}`, name))!;
      const state = await instance.store.state(`${run}-${tenant}`, domain);
      for (const algorithm of domain.algorithms) {
        const { sinceSnapshot: _unused, ...counters } = state.counter(algorithm);
        out[`${tenant}/${name}/${algorithm}`] = { model: state.learner(algorithm).snapshot(), counters };
      }
      out[`${tenant}/${name}/events`] = state.events.toArray();
    }
  return out;
}

describe('durable bandits: a crash loses nothing acknowledged and applies nothing twice', () => {
  let database: OpenedDatabase;
  // Snapshot writes that fail on purpose are logged.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    database = await openBanditsDatabase();
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  it.each([
    [11, 22, 10, 8],
    [23, 8, 3, 2],
    [37, 9, 8, 6],
    [41, 10, 9, 4],
  ])(
    'random run %i cut by %i crashes (%i retries, %i after a restart) ends with the same answers, models, counters and logs as the run without crashes',
    async (seed, restarts, retried, retriedAfterRestart) => {
      const ops = script(seed, 140);
      const reference = await execute(database, 'ref', ops, false, seed);
      const crashed = await execute(database, 'run', ops, true, seed);
      expect(crashed.answers).toEqual(reference.answers);
      expect([crashed.restarts, checkRetries(ops, crashed.answers)]).toEqual([
        restarts,
        { retries: retried, afterCrash: retriedAfterRestart },
      ]);
      expect(await held(crashed)).toEqual(await held(reference));
    },
    BOOT_TIMEOUT_MS,
  );
});
