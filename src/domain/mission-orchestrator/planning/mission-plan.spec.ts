import fc from 'fast-check';
import { BudgetGuard, type Reservation } from './budget-guard';
import { missionRoute, planMission } from './mission-plan';

describe('mission planning', () => {
  it('(a) 8 stages at standard, starting with planning then acquisition; 12 deep; 14 comprehensive; an unknown depth → 8 with a warning', () => {
    const ids = (depth: string) => planMission({ url: 'https://x.invalid/v', depth }, 'm1').stages.map((s) => s.id);
    expect(ids('standard')).toEqual([
      'mission_planning',
      'acquisition',
      'transcription',
      'content_analysis',
      'verification',
      'threat_analysis',
      'knowledge_integration',
      'briefing',
    ]);
    expect([ids('deep').length, ids('comprehensive').length, ids('experimental').length]).toEqual([12, 14, 14]);
    const bogus = planMission({ url: 'https://x.invalid/v', depth: 'bogus' }, 'm1');
    expect([bogus.depth, bogus.stages.length, bogus.risks, bogus.decisionsLog[0]]).toEqual([
      'standard',
      8,
      ['unknown depth "bogus": defaulted to standard'],
      'depth "bogus" is unknown: planned as standard',
    ]);
  });

  it('(b) the deep budget, and the roster, resources, duration and GPU risk by depth', () => {
    const deep = planMission({ url: 'https://x.invalid/v', depth: 'Deep' }, 'm1');
    expect(deep.budget).toEqual({ agents: 8, toolCalls: 20, iterations: 5, costUsd: 3, minutes: 30, memoryMb: 1024 });
    expect([deep.roster.length, deep.roster[0], deep.duration, deep.risks]).toEqual([
      5,
      'mission_orchestrator',
      { minutes: 8, low: 6.4, high: 9.6 },
      [],
    ]);
    expect(
      ['standard', 'comprehensive', 'experimental'].map((d) => planMission({ url: 'u', depth: d }, 'm').roster.length),
    ).toEqual([3, 8, 11]);
    expect(planMission({ url: 'https://x.invalid/v', depth: 'comprehensive' }, 'm2').risks).toEqual([
      'comprehensive depth needs a GPU for its media stages',
    ]);
  });

  it('(f) an unmapped task type or a critical one goes to the mission orchestrator', () => {
    const specialists = new Map([['verification', 'verification_director']]);
    expect([
      missionRoute('verification', 'normal', specialists),
      missionRoute('verification', 'critical', specialists),
      missionRoute('dance', 'low', specialists),
    ]).toEqual(['verification_director', 'mission_orchestrator', 'mission_orchestrator']);
  });
});

describe(BudgetGuard.name, () => {
  const limits = { costUsd: 3, toolCalls: 20, iterations: 5, seconds: 1800 };

  it('refuses a reservation past what is left, naming the resource; a reconciled overrun blocks the next', () => {
    const guard = new BudgetGuard(limits);
    const first = guard.reserve({ costUsd: 2, toolCalls: 5 });
    expect(first.ok).toBe(true);
    expect(guard.reserve({ costUsd: 1.5 })).toEqual({ ok: false, resource: 'costUsd', needed: 1.5, left: 1 });
    guard.reconcile((first as { reservation: Reservation }).reservation, { costUsd: 3.2, toolCalls: 4 });
    expect(guard.snapshot()).toEqual({ costUsd: 3.2, toolCalls: 4, iterations: 0, seconds: 0 });
    expect(guard.reserve({ costUsd: 0.01 })).toEqual({ ok: false, resource: 'costUsd', needed: 0.01, left: -0.2 });
  });

  it('goes on from a checkpointed snapshot, and names the first breached resource', () => {
    const guard = new BudgetGuard(limits, { costUsd: 2.5, seconds: 1000 });
    expect([guard.left('costUsd'), guard.left('toolCalls'), guard.breached()]).toEqual([0.5, 20, undefined]);
    const step = guard.reserve({ costUsd: 0.5 });
    guard.reconcile((step as { reservation: Reservation }).reservation, { costUsd: 0.75, seconds: 900 });
    expect([guard.snapshot(), guard.breached()]).toEqual([
      { costUsd: 3.25, toolCalls: 0, iterations: 0, seconds: 1900 },
      'costUsd',
    ]);
  });

  it('never lets concurrent steps commit more than the limit (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ cost: fc.double({ min: 0, max: 1.5, noNaN: true }), delay: fc.nat(3) }), {
          maxLength: 30,
        }),
        async (steps) => {
          const guard = new BudgetGuard(limits);
          let most = 0;
          await Promise.all(
            steps.map(async ({ cost, delay }) => {
              for (let i = 0; i < delay; i++) await Promise.resolve();
              const outcome = guard.reserve({ costUsd: cost });
              most = Math.max(most, guard.committed('costUsd'));
              if (!outcome.ok) return;
              for (let i = 0; i < delay; i++) await Promise.resolve();
              guard.reconcile(outcome.reservation, { costUsd: cost });
            }),
          );
          return most <= limits.costUsd && guard.snapshot().costUsd <= limits.costUsd;
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });
});
