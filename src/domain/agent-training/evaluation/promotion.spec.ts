import { bound95 } from './bounds';
import { decidePromotion } from './promotion';

const same = (n: number, v: number) => Array.from({ length: n }, () => v);

describe('bound95', () => {
  it('is mean ± t(0.975, n−1)·s/√n', () => {
    // mean 0.7, s = 0.1581, t(0.975, 4) = 2.7764 → half-width 0.1963
    expect(bound95([0.5, 0.6, 0.7, 0.8, 0.9])).toEqual({ mean: 0.7, lower: 0.5037, upper: 0.8963, n: 5 });
    expect(bound95(same(5, 0.4))).toEqual({ mean: 0.4, lower: 0.4, upper: 0.4, n: 5 });
  });
});

describe('decidePromotion', () => {
  it('promotes a candidate better on one metric beyond the bounds and no worse on the other', () => {
    const verdict = decidePromotion(
      { quality: same(5, 0.6), success: same(5, 1) },
      { quality: same(5, 0.8), success: same(5, 1) },
    );
    expect(verdict.promote).toBe(true);
    expect(verdict.reason).toBe('the candidate is better on quality and no worse on any metric');
  });

  it('refuses a candidate that is worse on one metric, however much better on another', () => {
    const verdict = decidePromotion(
      { quality: same(5, 0.6), success: same(5, 1) },
      { quality: same(5, 0.95), success: same(5, 0.8) },
    );
    expect(verdict).toMatchObject({ promote: false, reason: 'the candidate is worse on success' });
  });

  it('refuses equal results and a difference inside the noise', () => {
    expect(
      decidePromotion({ quality: same(5, 0.7), success: same(5, 1) }, { quality: same(5, 0.7), success: same(5, 1) })
        .reason,
    ).toBe('the candidate is better on no metric beyond the 95 % bounds');
    const noisy = decidePromotion(
      { quality: [0.5, 0.6, 0.7, 0.8, 0.9], success: same(5, 1) },
      { quality: [0.55, 0.65, 0.75, 0.85, 0.95], success: same(5, 1) },
    );
    expect(noisy.promote).toBe(false);
  });
});
