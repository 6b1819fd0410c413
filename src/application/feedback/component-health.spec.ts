import { ComponentHealth } from './component-health';

const POLICY = { disableBelow: 0.3, minSamplesToDisable: 11, reenableAbove: 0.5, reenableSamples: 20, disableTtlMs: 0 };

describe(ComponentHealth.name, () => {
  it('tracks at most maxComponents, dropping the least recently touched tenth of the enabled ones when full', () => {
    const sut = new ComponentHealth(POLICY, 20);
    for (let i = 0; i < 20; i++) sut.record('tool', `t${i}`, 0.9, 0);
    sut.record('tool', 't0', 0.9, 1); // touched again: now the most recent
    sut.record('agent', 'new', 0.9, 2);
    expect(sut.size).toBe(19);
    expect(sut.ema('tool', 't0')).toBeCloseTo(0.9, 12);
    expect([sut.ema('tool', 't1'), sut.ema('tool', 't2'), sut.ema('tool', 't3')]).toEqual([undefined, undefined, 0.9]);
  });

  it('keeps disabled components when evicting', () => {
    const sut = new ComponentHealth(POLICY, 12);
    for (let i = 0; i < 11; i++) sut.record('model', 'bad', 0, 0);
    expect(sut.check(0)).toHaveLength(1);
    for (let i = 0; i < 11; i++) sut.record('tool', `t${i}`, 0.9, 0);
    sut.record('tool', 'one-more', 0.9, 0);
    expect(sut.state('model', 'bad')).toBe('disabled');
    expect(sut.disabled()).toEqual([{ key: 'model/bad', state: 'disabled', since: 0 }]);
  });
});
