import { seededRandom } from '../../../core/runtime/random';
import { newThreatId, randomHex8, vulnerabilityIdOf } from './threat-id';

describe('threat ids', () => {
  it('formats THR_<unix-seconds>_<8 lowercase hex> from the injected random source', () => {
    expect(newThreatId(1_800_000_000_999, { next: () => 0.5 })).toBe('THR_1800000000_80000000');
    expect([0, 1 - 2 ** -53, 1 / 2 ** 32].map((x) => randomHex8({ next: () => x }))).toEqual([
      '00000000',
      'ffffffff',
      '00000001',
    ]);
  });

  it('repeats with the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([newThreatId(0, a), newThreatId(0, a)]).toEqual([newThreatId(0, b), newThreatId(0, b)]);
    expect(newThreatId(1_800_000_000_000, seededRandom(7))).toBe('THR_1800000000_fffffe07');
  });

  it('derives VULN_<8 hex> from the finding key, so a finding keeps its id', () => {
    expect(vulnerabilityIdOf('npm:minimist')).toBe('VULN_f0c39d1e');
    expect(vulnerabilityIdOf('npm:minimist')).toBe(vulnerabilityIdOf('npm:minimist'));
  });
});
