import { cooldownFor, type EscalationPolicy, isSpent, recordViolation, type ViolationState } from './escalation';

describe('escalation', () => {
  const policy: EscalationPolicy = {
    windowMs: 900_000,
    steps: [
      { violations: 3, cooldownMs: 30_000 },
      { violations: 6, cooldownMs: 120_000 },
      { violations: 9, cooldownMs: 600_000 },
    ],
  };

  describe(cooldownFor.name, () => {
    it('gives the longest cooldown among the steps reached', () => {
      expect([1, 2, 3, 5, 6, 8, 9, 40].map((v) => cooldownFor(v, policy))).toEqual([
        0, 0, 30_000, 30_000, 120_000, 120_000, 600_000, 600_000,
      ]);
    });
  });

  describe(recordViolation.name, () => {
    const fresh = (): ViolationState => ({ v: 0, vt: 0, cd: 0 });

    it('counts violations within the window and cools down from the third', () => {
      const state = fresh();
      expect([0, 1, 2].map((s) => recordViolation(state, 1_000 + s * 1000, policy))).toEqual([false, false, true]);
      expect(state).toEqual({ v: 3, vt: 3_000, cd: 33_000 });
    });

    it('starts again at 1 when the previous violation is more than the window old', () => {
      const state: ViolationState = { v: 8, vt: 1_000, cd: 0 };
      expect(recordViolation(state, 1_000 + 900_001, policy)).toBe(false);
      expect(state.v).toBe(1);
    });

    it('never shortens a cooldown in force', () => {
      const state: ViolationState = { v: 2, vt: 1_000, cd: 700_000 };
      expect(recordViolation(state, 2_000, policy)).toBe(true);
      expect(state.cd).toBe(700_000);
    });
  });

  describe(isSpent.name, () => {
    it('is spent once no cooldown is in force and the last violation is more than the window old', () => {
      expect(isSpent({ v: 0, vt: 0, cd: 0 }, 1, policy)).toBe(true);
      expect(isSpent({ v: 2, vt: 1_000, cd: 0 }, 901_000, policy)).toBe(false);
      expect(isSpent({ v: 2, vt: 1_000, cd: 0 }, 901_001, policy)).toBe(true);
      expect(isSpent({ v: 0, vt: 0, cd: 5_000 }, 4_999, policy)).toBe(false);
    });
  });
});
