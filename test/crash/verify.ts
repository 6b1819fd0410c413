import type { ClientLog } from './client-log';
import type { Expected, ExpectedTenant } from './expected';
import type { ObservedServer, ObservedTenant } from './observe';

/** Averages and sums are compared to this (rewards are multiples of 1/1024, so they are exact in practice). */
const EPSILON = 1e-9;

/** Which writes a check counts towards in the headline figures. */
export type Family = 'feedback' | 'rewards' | 'decisions' | 'answers';

/** One comparison of a measure of the derived state with the replay of the acknowledged writes. */
export interface Check {
  /** What is compared, e.g. `feedback health samples`. */
  readonly measure: string;
  /** The server whose state it is, when servers are checked one by one. */
  readonly server?: number;
  /** The tenant whose state it is; none for checks of the answers. */
  readonly tenant?: string;
  readonly family: Family;
  readonly expected: number;
  readonly observed: number;
  /** Acknowledged but missing. */
  readonly lost: number;
  /** Above the acknowledged (and above every write whose outcome is unknown). */
  readonly doubled: number;
  /** Counts right but values wrong (an average, a sum), or answers not as they should be. */
  readonly mismatched: number;
  /** The server holds its part of the measure only (the decisions it made): the servers' figures add up. */
  readonly part?: boolean;
}

/**
 * How the servers' feedback state adds up: `summed` when each server holds the part it accepted or processed
 * (per-process health windows and learning, the Redis mode's documented rule), `each` when every server must
 * show all of it.
 */
export type FeedbackScope = 'summed' | 'each';

/**
 * Which decisions a server's bandit counters count: `made`, those it made (each instance counts its own); `each`,
 * every decision of the cluster (the decision log is the truth, so every server shows them all).
 */
export type DecisionScope = 'made' | 'each';

export const checkOk = (c: Check) => c.lost === 0 && c.doubled === 0 && c.mismatched === 0;

/** `measure @server (tenant)`, as the figures print it. */
export const describeCheck = (c: Check) =>
  `${c.measure}${c.server === undefined ? '' : ` @${c.server}`}${c.tenant === undefined ? '' : ` (${c.tenant})`}`;

interface Diff {
  lost: number;
  doubled: number;
  expected: number;
  observed: number;
}

function diff(expected: number, observed: number, slack = 0, into?: Diff): Diff {
  const d = into ?? { lost: 0, doubled: 0, expected: 0, observed: 0 };
  d.expected += expected;
  d.observed += observed;
  d.lost += Math.max(0, expected - observed);
  d.doubled += Math.max(0, observed - expected - slack);
  return d;
}

/** The feedback state of one tenant, added up over `views` (one server, or all of them summed). */
function sumTenants(views: readonly ObservedTenant[]): ObservedTenant {
  const health = new Map<string, { sampleSize: number; avgReward: number }>();
  const learning = { tool: new Map<string, number>(), agent: new Map<string, number>() };
  for (const v of views) {
    for (const [k, h] of v.health) {
      const old = health.get(k) ?? { sampleSize: 0, avgReward: 0 };
      const n = old.sampleSize + h.sampleSize;
      health.set(k, { sampleSize: n, avgReward: (old.avgReward * old.sampleSize + h.avgReward * h.sampleSize) / n });
    }
    for (const type of ['tool', 'agent'] as const)
      for (const [id, s] of v.learning[type]) learning[type].set(id, (learning[type].get(id) ?? 0) + s);
  }
  const total = (f: (t: ObservedTenant) => number) => views.reduce((a, v) => a + f(v), 0);
  return {
    accepted: total((v) => v.accepted),
    processed: total((v) => v.processed),
    deadLettered: total((v) => v.deadLettered),
    queued: total((v) => v.queued),
    health,
    learning,
  };
}

function feedbackChecks(
  tenant: string,
  others: readonly string[],
  e: ExpectedTenant,
  o: ObservedTenant,
  server: number | undefined,
): Check[] {
  const own = (id: string) => id.startsWith(`${tenant}.`);
  const foreign = (id: string) => others.some((t) => id.startsWith(`${t}.`));
  const idOf = (key: string) => key.slice(key.indexOf('/') + 1);
  const health = { lost: 0, doubled: 0, expected: 0, observed: 0 };
  let wrongAverages = 0;
  for (const key of new Set([...e.components.keys(), ...[...o.health.keys()].filter((k) => own(idOf(k)))])) {
    const want = e.components.get(key) ?? { count: 0, sum: 0 };
    const got = o.health.get(key) ?? { sampleSize: 0, avgReward: 0 };
    diff(want.count, got.sampleSize, 0, health);
    if (want.count > 0 && want.count === got.sampleSize && Math.abs(got.avgReward - want.sum / want.count) > EPSILON)
      wrongAverages++;
  }
  const learning = { lost: 0, doubled: 0, expected: 0, observed: 0 };
  for (const type of ['tool', 'agent'] as const) {
    const ids = new Set([...e.learning[type].keys(), ...[...o.learning[type].keys()].filter(own)]);
    for (const id of ids) diff(e.learning[type].get(id) ?? 0, o.learning[type].get(id) ?? 0, 0, learning);
  }
  const leaks =
    [...o.health.keys()].filter((k) => foreign(idOf(k))).length +
    [...o.learning.tool.keys(), ...o.learning.agent.keys()].filter(foreign).length;
  const accepted = diff(e.signals, o.accepted);
  const row = (measure: string, d: Diff, mismatched = 0): Check => ({
    measure,
    server,
    tenant,
    family: 'feedback',
    ...d,
    mismatched,
  });
  const isolation: Check = {
    measure: "other tenants' components seen",
    server,
    tenant,
    family: 'answers',
    ...diff(0, 0),
    observed: leaks,
    mismatched: leaks,
  };
  return [
    row('feedback accepted', accepted),
    row('feedback health samples', health, wrongAverages),
    row('feedback learning samples', learning),
    isolation,
  ];
}

function banditChecks(
  tenant: string,
  expected: Expected,
  servers: readonly ObservedServer[],
  decisionScope: DecisionScope,
): Check[] {
  const mine = [...expected.learners].filter(([k]) => k.startsWith(`${tenant}/`));
  const rows: Check[] = [];
  servers.forEach((server, i) => {
    const rewards = { lost: 0, doubled: 0, expected: 0, observed: 0 };
    let wrongSums = 0;
    for (const [key, want] of mine) {
      const got = server.learners.get(key) ?? { decisions: 0, feedbacks: 0, totalReward: 0 };
      diff(want.rewards.count, got.feedbacks, want.uncertainRewards, rewards);
      if (
        want.uncertainRewards === 0 &&
        got.feedbacks === want.rewards.count &&
        Math.abs(got.totalReward - want.rewards.sum) > EPSILON
      )
        wrongSums++;
    }
    const at = servers.length > 1 ? i : undefined;
    rows.push({ measure: 'bandit rewards', server: at, tenant, family: 'rewards', ...rewards, mismatched: wrongSums });
  });
  // A decision is counted by the server that made it, or (`each`) by every server.
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const part = decisionScope === 'made' && servers.length > 1;
  servers.forEach((server, i) => {
    const decisions = { lost: 0, doubled: 0, expected: 0, observed: 0 };
    for (const [key, want] of mine) {
      const [count, slack] = part
        ? [want.decisions[i], want.uncertainDecisions[i]]
        : [sum(want.decisions), sum(want.uncertainDecisions)];
      diff(count, server.learners.get(key)?.decisions ?? 0, slack, decisions);
    }
    const at = servers.length > 1 ? i : undefined;
    rows.push({
      measure: 'bandit decisions',
      server: at,
      tenant,
      family: 'decisions',
      ...decisions,
      mismatched: 0,
      part,
    });
  });
  return rows;
}

function answerChecks(log: ClientLog): Check[] {
  const resendsWrong = log.resends.filter((r) => r.mismatch !== undefined).length;
  const answers = (measure: string, expected: number, wrong: number): Check => ({
    measure,
    family: 'answers',
    expected,
    observed: expected - wrong,
    lost: 0,
    doubled: 0,
    mismatched: wrong,
  });
  const queuedAgain = log.resends.filter((r) => r.queuedAgain).length;
  const feedbackResends = log.resends.filter((r) => r.write.kind.startsWith('feedback.')).length;
  return [
    {
      measure: 're-sent signals queued again',
      family: 'feedback',
      expected: feedbackResends,
      observed: feedbackResends - queuedAgain,
      lost: 0,
      doubled: queuedAgain,
      mismatched: 0,
    },
    answers('re-sends answered as the first', log.resends.length, resendsWrong),
    answers('acknowledgements naming the write', log.acks.length, log.ackMismatches.length),
    answers('writes answered 2xx (not refused)', log.acks.length + log.refusals.length, log.refusals.length),
  ];
}

/** Every check of the run: the derived state of each tenant against the replay, and the answers. */
export function verify(
  log: ClientLog,
  expected: Expected,
  servers: readonly ObservedServer[],
  feedbackScope: FeedbackScope,
  decisionScope: DecisionScope = 'made',
): Check[] {
  const tenants = [...expected.tenants.keys()];
  const checks: Check[] = [];
  for (const tenant of tenants) {
    const others = tenants.filter((t) => t !== tenant);
    const views = servers.map((s) => s.tenants.get(tenant)!);
    const e = expected.tenants.get(tenant)!;
    if (feedbackScope === 'summed' || views.length === 1)
      checks.push(...feedbackChecks(tenant, others, e, sumTenants(views), undefined));
    else views.forEach((v, i) => checks.push(...feedbackChecks(tenant, others, e, sumTenants([v]), i)));
    checks.push(...banditChecks(tenant, expected, servers, decisionScope));
  }
  return [...checks, ...answerChecks(log)];
}

/**
 * The headline: writes lost and applied twice. Every measure of a family (accepted count, health windows,
 * learning) must reflect every acknowledged write, and so must every server that shows the whole state, so a
 * family's figure is its worst measure on its worst server, summed over tenants. A measure each server holds a
 * part of (the decisions it made, with decision scope `made`) adds up over the servers instead.
 */
export function headline(checks: readonly Check[]): { lost: number; doubled: number } {
  const worst = (family: Family, field: 'lost' | 'doubled') => {
    const byMeasure = new Map<string, { part: boolean; byServer: Map<number, number> }>();
    for (const c of checks) {
      if (c.family !== family) continue;
      const m = byMeasure.get(c.measure) ?? { part: false, byServer: new Map<number, number>() };
      m.part ||= c.part === true;
      m.byServer.set(c.server ?? 0, (m.byServer.get(c.server ?? 0) ?? 0) + c[field]);
      byMeasure.set(c.measure, m);
    }
    const perMeasure = [...byMeasure.values()].map(({ part, byServer }) =>
      part ? [...byServer.values()].reduce((a, b) => a + b, 0) : Math.max(...byServer.values()),
    );
    return Math.max(0, ...perMeasure);
  };
  const families: Family[] = ['feedback', 'rewards', 'decisions'];
  return {
    lost: families.reduce((a, f) => a + worst(f, 'lost'), 0),
    doubled: families.reduce((a, f) => a + worst(f, 'doubled'), 0),
  };
}
