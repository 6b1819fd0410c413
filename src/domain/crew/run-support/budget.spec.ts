import { BudgetExceededError } from './budget-exceeded.error';
import { chargeCurrentBudget, currentBudget, RequestBudget, runWithBudget } from './budget';
import { costNotice } from './cost-notice';

const tick = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function refusalOf(fn: () => void): BudgetExceededError {
  try {
    fn();
  } catch (e) {
    if (BudgetExceededError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a BudgetExceededError');
}

describe(RequestBudget.name, () => {
  it('A8: no notice at $0.05, a notice at $0.12, and the analysis cap blocks a call beyond $0.75 at standard', async () => {
    const small = RequestBudget.forDepth('standard');
    await runWithBudget(small, async () => chargeCurrentBudget('acquisition', 0.05));
    expect(costNotice(small.spent, small.totalLimit)).toBeUndefined();

    const sut = RequestBudget.forDepth('standard');
    await runWithBudget(sut, async () => {
      await tick();
      chargeCurrentBudget('transcription', 0.12);
    });
    expect(costNotice(sut.spent, sut.totalLimit)).toBe('💰 Cost: $0.120 of $1.50 budget (8.0% used)');

    sut.charge('analysis', 0.5);
    const refused = refusalOf(() => sut.charge('analysis', 0.3));
    expect(refused).toMatchObject({
      category: 'budget_exceeded',
      taskId: 'analysis',
      scope: 'task',
      spent: 0.5,
      amount: 0.3,
      limit: 0.75,
    });
    expect(refused.message).toBe(
      'cumulative cost exceeds limit: task analysis asked for $0.3000 with $0.5000 already spent against its task limit of $0.75',
    );
    expect(sut.spent).toBe(0.62);
    sut.charge('analysis', 0.25);
    expect(sut.taskSpent('analysis')).toBe(0.75);
  });

  describe('charge', () => {
    it('records spend per task and in total', () => {
      const sut = RequestBudget.forDepth('deep');
      sut.charge('acquisition', 0.05);
      sut.charge('analysis.text', 0.25);
      sut.charge('analysis.fact', 0.5);
      expect(sut.snapshot()).toEqual({
        spent: 0.8,
        totalLimit: 3,
        utilisation: 0.8 / 3,
        byTask: { acquisition: 0.05, analysis: 0.25, verification: 0.5 },
      });
      expect(sut.taskSpent('verification')).toBe(0.5);
    });

    it('refuses a charge that would break the total, checking the total first', () => {
      const sut = new RequestBudget({ totalLimit: 1, perTaskLimits: { analysis: 0.5 } });
      sut.charge('other', 0.9);
      const refused = refusalOf(() => sut.charge('analysis', 0.6));
      expect(refused).toMatchObject({ taskId: 'analysis', scope: 'total', spent: 0.9, amount: 0.6, limit: 1 });
      expect(refused.message).toBe(
        'cumulative cost exceeds limit: task analysis asked for $0.6000 with $0.9000 already spent against the total budget of $1.00',
      );
      expect(sut.spent).toBe(0.9);
    });

    it('names the cost task when a crew task draws on another cap', () => {
      const sut = RequestBudget.forDepth('standard');
      const refused = refusalOf(() => sut.charge('analysis.bias', 0.41));
      expect(refused).toMatchObject({ taskId: 'analysis.bias', costTask: 'verification', limit: 0.4 });
      expect(refused.message).toContain('against the verification limit of $0.40');
    });

    it('adds amounts exactly, so spend can reach a cap to the cent', () => {
      const sut = new RequestBudget({ totalLimit: 0.3, perTaskLimits: {} });
      sut.charge('a', 0.1);
      sut.charge('a', 0.2);
      expect(sut.spent).toBe(0.3);
      expect(sut.canCharge('a', 0)).toBe(true);
      expect(sut.canCharge('a', 0.001)).toBe(false);
    });

    it('bounds a task without a cap by the total only', () => {
      const sut = RequestBudget.forDepth('standard');
      sut.charge('integration', 1.2);
      expect(sut.taskLimit('integration')).toBeUndefined();
      expect(sut.spent).toBe(1.2);
    });

    it('ignores zero, negative and sub-nano-dollar amounts', () => {
      const sut = RequestBudget.forDepth('standard');
      sut.charge('analysis', -5);
      sut.charge('analysis', 0);
      sut.charge('analysis', 4e-10);
      expect(sut.spent).toBe(0);
      expect(sut.snapshot().byTask).toEqual({});
    });

    it('throws a RangeError for an amount that is not finite', () => {
      const sut = RequestBudget.forDepth('standard');
      expect(() => sut.charge('analysis', Number.NaN)).toThrow(RangeError);
      expect(() => sut.canCharge('analysis', Number.POSITIVE_INFINITY)).toThrow(RangeError);
    });
  });

  describe('utilisation', () => {
    it('returns spent / total as a fraction, 0 for a zero limit', () => {
      const sut = RequestBudget.forDepth('comprehensive');
      sut.charge('analysis', 1.25);
      expect(sut.utilisation).toBe(0.25);
      expect(new RequestBudget({ totalLimit: 0, perTaskLimits: {} }).utilisation).toBe(0);
    });
  });

  describe('constructor', () => {
    it('throws a RangeError for a negative or non-finite limit', () => {
      expect(() => new RequestBudget({ totalLimit: -1, perTaskLimits: {} })).toThrow(RangeError);
      expect(() => new RequestBudget({ totalLimit: 1, perTaskLimits: { analysis: Number.NaN } })).toThrow(
        'perTaskLimits.analysis',
      );
    });
  });
});

describe('runWithBudget', () => {
  it('makes spend from timers, Promise.all branches and worker-like async functions visible to the run', async () => {
    const sut = RequestBudget.forDepth('standard');
    const worker = async (jobs: string[]) => {
      for (const job of jobs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        chargeCurrentBudget(job, 0.01);
      }
    };
    await runWithBudget(sut, async () => {
      await new Promise<void>((resolve) => setTimeout(() => (chargeCurrentBudget('acquisition', 0.02), resolve()), 5));
      await Promise.all([
        tick(3).then(() => currentBudget()?.charge('analysis.text', 0.1)),
        (async () => {
          await tick(1);
          currentBudget()?.charge('analysis.fact', 0.2);
        })(),
        // a small pool of workers started inside the run, like the crew's concurrent analysis tasks
        Promise.all([worker(['analysis', 'analysis']), worker(['transcription'])]),
      ]);
      queueMicrotask(() => chargeCurrentBudget('transcription', 0.03));
      await tick();
    });
    expect(sut.snapshot().byTask).toEqual({
      acquisition: 0.02,
      analysis: 0.12,
      verification: 0.2,
      transcription: 0.04,
    });
    expect(sut.spent).toBe(0.38);
  });

  it('keeps concurrent runs apart', async () => {
    const a = RequestBudget.forDepth('standard');
    const b = RequestBudget.forDepth('deep');
    const run = (budget: RequestBudget, amount: number) =>
      runWithBudget(budget, async () => {
        for (let i = 0; i < 3; i++) {
          await tick(1);
          chargeCurrentBudget('analysis', amount);
        }
        return currentBudget();
      });
    const [seenA, seenB] = await Promise.all([run(a, 0.1), run(b, 0.2)]);
    expect(seenA).toBe(a);
    expect(seenB).toBe(b);
    expect(a.spent).toBe(0.3);
    expect(b.spent).toBe(0.6);
  });

  it('lets a refusal inside the run reject the run', async () => {
    const sut = RequestBudget.forDepth('quick');
    const run = runWithBudget(sut, async () => {
      await tick();
      chargeCurrentBudget('acquisition', 0.06);
    });
    await expect(run).rejects.toBeInstanceOf(BudgetExceededError);
    expect(sut.spent).toBe(0);
  });

  it('returns what the function returns, and shadows an outer budget in a nested run', () => {
    const outer = RequestBudget.forDepth('standard');
    const inner = RequestBudget.forDepth('deep');
    const seen = runWithBudget(outer, () => [
      currentBudget(),
      runWithBudget(inner, () => currentBudget()),
      currentBudget(),
    ]);
    expect(seen).toEqual([outer, inner, outer]);
  });
});

describe('chargeCurrentBudget', () => {
  it('returns false and records nothing outside a run', () => {
    expect(currentBudget()).toBeUndefined();
    expect(chargeCurrentBudget('analysis', 0.5)).toBe(false);
  });
});

describe('RequestBudget.record', () => {
  it('records spent money past a limit and returns the refusal charge would have thrown', () => {
    const budget = new RequestBudget({ totalLimit: 1, perTaskLimits: { analysis: 0.1 } });
    expect(budget.record('analysis', 0.08)).toBeUndefined();
    const overrun = budget.record('analysis.text', 0.05);
    expect(overrun).toMatchObject({ name: 'BudgetExceededError', scope: 'task', limit: 0.1 });
    expect([budget.spent, budget.taskSpent('analysis'), budget.canCharge('analysis', 0.000_01)]).toEqual([
      0.13,
      0.13,
      false,
    ]);
    expect(budget.record('analysis', -1)).toBeUndefined();
    expect(budget.spent).toBe(0.13);
  });
});
