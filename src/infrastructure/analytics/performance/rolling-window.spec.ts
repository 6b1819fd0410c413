import { median, medianAbsoluteDeviation } from 'simple-statistics';
import { seededRandom } from '../../../core/runtime/random';
import { RollingMeanStd, RollingMedianMad } from './rolling-window';

/** Values with ties, runs of equal values and a wide range, from a seeded source. */
function series(seed: number, n: number): number[] {
  const rng = seededRandom(seed);
  const out: number[] = [];
  while (out.length < n) {
    const v = Math.round(rng.next() * 20) / 4 + (rng.next() < 0.1 ? 1_000 : 0);
    const run = rng.next() < 0.2 ? 1 + Math.floor(rng.next() * 12) : 1;
    for (let i = 0; i < run; i++) out.push(v);
  }
  return out.slice(0, n);
}

function twoPass(window: number[]): { expected: number; spread: number } {
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  const ss = window.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { expected: mean, spread: Math.sqrt(ss / (window.length - 1)) };
}

function medianMad(window: number[]): { expected: number; spread: number } {
  const mid = median(window);
  const mad = medianAbsoluteDeviation(window);
  if (mad > 0) return { expected: mid, spread: mad * (1 / 0.6745) };
  return { expected: mid, spread: (window.reduce((a, v) => a + Math.abs(v - mid), 0) / window.length) * 1.253314 };
}

describe(RollingMeanStd.name, () => {
  it.each([2, 3, 10, 25])('matches the two-pass mean and std of every window of %i, and 0 on equal runs', (w) => {
    const values = series(w, 2_000);
    const sut = new RollingMeanStd(values, w);
    for (let i = w; i < values.length; i++) {
      sut.at(i);
      const ref = twoPass(values.slice(i - w, i));
      expect(sut.expected).toBeCloseTo(ref.expected, 9);
      if (ref.spread <= 1e-12) expect(sut.spread).toBe(0);
      else expect(Math.abs(sut.spread - ref.spread) / ref.spread).toBeLessThan(1e-12);
    }
  });
});

describe(RollingMedianMad.name, () => {
  it.each([2, 3, 10, 11])('gives exactly simple-statistics’ median and MAD (or the mean-AD fallback), w = %i', (w) => {
    const values = series(100 + w, 2_000);
    const sut = new RollingMedianMad(values, w);
    for (let i = w; i < values.length; i++) {
      sut.at(i);
      expect({ expected: sut.expected, spread: sut.spread }).toEqual(medianMad(values.slice(i - w, i)));
    }
  });
});
