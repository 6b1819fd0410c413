import { ClientLog } from '../crash/client-log';
import { expectedState } from '../crash/expected';
import type { ObservedServer, ObservedTenant } from '../crash/observe';
import { checkOk, describeCheck, headline, verify, type Check } from '../crash/verify';
import {
  decideWrite,
  duplicateMismatch,
  feedbackWrite,
  queuedAgain,
  rewardWrite,
  type Decision,
  type FeedbackWrite,
} from '../crash/writes';

/** The crash harness's judge: the replay of the acknowledged writes and its comparison with what servers show. */
const TENANTS = ['a', 'b'];
const LEARNERS = TENANTS.flatMap((tenant) => [{ tenant, domain: 'd', algorithm: 'linucb' }]);

function signal(tenant: string, signalId: string, componentId: string, reward: number): FeedbackWrite {
  return feedbackWrite('feedback.signal', tenant, 'k', {
    signalId,
    componentType: 'tool',
    componentId,
    reward,
    extra: 0,
  });
}

const receipt = (w: FeedbackWrite, queued: boolean) => ({
  status: 'ok',
  data: { signalId: w.signalId, componentType: w.componentType, queued, duplicate: !queued },
});

function ack(log: ClientLog, write: Parameters<ClientLog['acks']['push']>[0]['write'], json: unknown, server = 0) {
  log.acks.push({ write, status: 202, json, attempts: 1, uncertainAttempts: 0, server });
}

/** A log of two tenants: the same signal id in both, one id acknowledged twice, one decision and its reward. */
function sampleLog(): { log: ClientLog; decision: Decision } {
  const log = new ClientLog();
  const s1 = signal('a', 's.1', 'a.c0.tool0', 0.75);
  ack(log, s1, receipt(s1, true));
  ack(log, s1, receipt(s1, false));
  ack(log, signal('a', 's.2', 'a.c0.tool0', 0.5), {});
  ack(log, signal('b', 's.1', 'b.c1.tool0', 1), {});
  const decide = decideWrite('a', 'k', 'd', 'linucb', 'u1');
  ack(log, decide, { status: 'ok', data: { decisionId: 'x1', action: 'deep', algorithm: 'linucb' } }, 1);
  const decision: Decision = { tenant: 'a', decisionId: 'x1', domain: 'd', algorithm: 'linucb', action: 'deep' };
  ack(log, rewardWrite('k', decision, 0.25), {});
  return { log, decision };
}

function tenantState(health: [string, number, number][], accepted: number): ObservedTenant {
  return {
    accepted,
    processed: accepted,
    deadLettered: 0,
    queued: 0,
    health: new Map(health.map(([k, sampleSize, avgReward]) => [k, { sampleSize, avgReward }])),
    learning: {
      tool: new Map(health.map(([k, n]) => [k.slice(k.indexOf('/') + 1), n])),
      agent: new Map(),
    },
  };
}

/** What two servers show for {@link sampleLog} when nothing was lost: server 1 made the decision. */
function exactServers(): ObservedServer[] {
  const learners = (decisions: number) =>
    new Map([
      ['a/d/linucb', { decisions, feedbacks: 1, totalReward: 0.25 }],
      ['b/d/linucb', { decisions: 0, feedbacks: 0, totalReward: 0 }],
    ]);
  const a = tenantState([['tool/a.c0.tool0', 2, 0.625]], 2);
  const b = tenantState([['tool/b.c1.tool0', 1, 1]], 1);
  const empty = tenantState([], 0);
  return [
    {
      tenants: new Map([
        ['a', a],
        ['b', b],
      ]),
      learners: learners(0),
    },
    {
      tenants: new Map([
        ['a', empty],
        ['b', empty],
      ]),
      learners: learners(1),
    },
  ];
}

describe('crash harness', () => {
  describe('expectedState', () => {
    it('counts a signal id once per tenant and each decision for the server that made it', () => {
      const sut = expectedState(sampleLog().log, TENANTS, LEARNERS, 2);

      expect(sut.tenants.get('a')!.signals).toBe(2);
      expect(sut.tenants.get('a')!.components.get('tool/a.c0.tool0')).toEqual({ count: 2, sum: 1.25 });
      expect(sut.tenants.get('b')!.signals).toBe(1);
      expect(sut.learners.get('a/d/linucb')).toEqual({
        decisions: [0, 1],
        uncertainDecisions: [0, 0],
        rewards: { count: 1, sum: 0.25 },
        uncertainRewards: 0,
      });
    });
  });

  describe('verify', () => {
    it('passes every check when the servers show exactly the acknowledged writes', () => {
      const { log } = sampleLog();
      const sut = verify(log, expectedState(log, TENANTS, LEARNERS, 2), exactServers(), 'summed');

      expect(sut.filter((c) => !checkOk(c)).map(describeCheck)).toEqual([]);
      expect(headline(sut)).toEqual({ lost: 0, doubled: 0 });
    });

    it('counts a lost signal once in the headline although three measures miss it', () => {
      const { log } = sampleLog();
      const servers = exactServers();
      servers[0].tenants.set('a', tenantState([['tool/a.c0.tool0', 1, 0.75]], 1));
      const sut = verify(log, expectedState(log, TENANTS, LEARNERS, 2), servers, 'summed');

      expect(sut.filter((c) => !checkOk(c)).map((c) => [describeCheck(c), c.lost])).toEqual([
        ['feedback accepted (a)', 1],
        ['feedback health samples (a)', 1],
        ['feedback learning samples (a)', 1],
      ]);
      expect(headline(sut)).toEqual({ lost: 1, doubled: 0 });
    });

    it('reports a reward applied twice on one server, a wrong average and another tenant’s component', () => {
      const { log } = sampleLog();
      const servers = exactServers();
      servers[1].learners.set('a/d/linucb', { decisions: 1, feedbacks: 2, totalReward: 0.5 });
      servers[0].tenants.set(
        'b',
        tenantState(
          [
            ['tool/b.c1.tool0', 1, 0.5],
            ['tool/a.c0.tool0', 2, 0.625],
          ],
          1,
        ),
      );
      const sut = verify(log, expectedState(log, TENANTS, LEARNERS, 2), servers, 'summed');

      expect(sut.filter((c) => !checkOk(c)).map((c) => [describeCheck(c), c.doubled, c.mismatched])).toEqual([
        ['bandit rewards @1 (a)', 1, 0],
        ['feedback health samples (b)', 0, 1],
        ["other tenants' components seen (b)", 0, 2],
      ]);
      expect(headline(sut)).toEqual({ lost: 0, doubled: 1 });
    });

    it('allows one decision more per decide attempt left without an answer, and no more', () => {
      const { log } = sampleLog();
      log.countUncertainDecide('a/d/linucb', 0);
      const servers = exactServers();
      servers[0].learners.set('a/d/linucb', { decisions: 1, feedbacks: 1, totalReward: 0.25 });
      const within = verify(log, expectedState(log, TENANTS, LEARNERS, 2), servers, 'summed');
      servers[0].learners.set('a/d/linucb', { decisions: 2, feedbacks: 1, totalReward: 0.25 });
      const beyond = verify(log, expectedState(log, TENANTS, LEARNERS, 2), servers, 'summed');

      expect(headline(within)).toEqual({ lost: 0, doubled: 0 });
      expect(headline(beyond)).toEqual({ lost: 0, doubled: 1 });
    });

    it('expects every server to show every decision of the cluster under decision scope each, the worst server in the headline', () => {
      const { log } = sampleLog();
      log.countUncertainDecide('a/d/linucb', 1);
      const expected = expectedState(log, TENANTS, LEARNERS, 2);
      const servers = exactServers();
      const shows = (decisions: number[]) =>
        decisions.forEach((n, i) =>
          servers[i].learners.set('a/d/linucb', { decisions: n, feedbacks: 1, totalReward: 0.25 }),
        );
      const decisionChecks = (checks: readonly Check[]) =>
        checks
          .filter((c) => c.family === 'decisions' && c.tenant === 'a')
          .map((c) => [describeCheck(c), c.expected, c.observed, c.lost, c.doubled]);

      shows([1, 1]);
      const each = verify(log, expected, servers, 'summed', 'each');
      expect(decisionChecks(each)).toEqual([
        ['bandit decisions @0 (a)', 1, 1, 0, 0],
        ['bandit decisions @1 (a)', 1, 1, 0, 0],
      ]);
      expect(headline(each)).toEqual({ lost: 0, doubled: 0 });
      // The same figures under `made`: server 0 made no decision, so its one is doubled.
      expect(headline(verify(log, expected, servers, 'summed', 'made'))).toEqual({ lost: 0, doubled: 1 });
      // The decide attempt left without an answer (on server 1) may be counted by every server, once.
      shows([2, 2]);
      expect(headline(verify(log, expected, servers, 'summed', 'each'))).toEqual({ lost: 0, doubled: 0 });
      shows([3, 2]);
      expect(headline(verify(log, expected, servers, 'summed', 'each'))).toEqual({ lost: 0, doubled: 1 });
      // Both servers missing the decision is one decision lost, not two.
      shows([0, 0]);
      const missing = verify(log, expected, servers, 'summed', 'each');
      expect(decisionChecks(missing)).toEqual([
        ['bandit decisions @0 (a)', 1, 0, 1, 0],
        ['bandit decisions @1 (a)', 1, 0, 1, 0],
      ]);
      expect(headline(missing)).toEqual({ lost: 1, doubled: 0 });
    });
  });

  describe('duplicateMismatch', () => {
    it('accepts a re-sent signal answered as a duplicate and rejects one queued again or refused', () => {
      const w = signal('a', 's.1', 'a.c0.tool0', 0.75);
      const reward = rewardWrite('k', sampleLog().decision, 0.25);

      expect(duplicateMismatch(w, 200, receipt(w, false))).toBeUndefined();
      expect(duplicateMismatch(w, 202, receipt(w, true))).toBe('accepted again as a new signal');
      expect(queuedAgain(w, 202, receipt(w, true))).toBe(true);
      expect(duplicateMismatch(reward, 404, { status: 'error' })).toBe('answered 404: {"status":"error"}');
    });
  });
});
