/** The centre and spread of the `w` values before an index, moved along a series one index at a time. */
export interface RollingWindow {
  readonly expected: number;
  readonly spread: number;
  /** Moves to the window before index `i`: called for i = w, w + 1, … in order. */
  at(i: number): void;
}

/** A step that changes the sum of squares by more than this many times what it leaves is summed afresh. */
const RESUM_ABOVE = 4;

/** The scales that make the MAD, and the mean absolute deviation, of a normal sample estimate its std. */
const MAD_TO_SD = 1 / 0.6745;
const MEAN_AD_TO_SD = 1.253314;

/**
 * The mean and sample standard deviation of the `w` values before each index, slid along the series in O(1) a
 * step (Welford's update for a value replaced). Every `w` steps, and whenever a step would cancel most of the sum of
 * squares (a far value leaving), the window is summed afresh, so rounding cannot build up; a window of `w` equal
 * values reads as exactly no spread, as the two-pass formula gives.
 */
export class RollingMeanStd implements RollingWindow {
  expected = 0;
  spread = 0;
  private m2 = 0;
  /** How many equal values end the window. */
  private equalRun = 1;
  /** The window is the values [current − w, current). */
  private current: number;

  constructor(
    private readonly values: ArrayLike<number>,
    private readonly w: number,
  ) {
    for (let i = 1; i < w; i++) this.equalRun = values[i] === values[i - 1] ? this.equalRun + 1 : 1;
    this.current = w;
    this.resum();
  }

  at(i: number): void {
    if (i !== this.current) {
      const v = this.values;
      const added = v[i - 1];
      const removed = v[i - 1 - this.w];
      this.equalRun = added === v[i - 2] ? this.equalRun + 1 : 1;
      this.current = i;
      const mean = this.expected + (added - removed) / this.w;
      const change = (added - removed) * (added - mean + removed - this.expected);
      // A change much larger than what remains (a far value leaving) would leave mostly rounding: sum afresh.
      if ((i - this.w) % this.w === 0 || !(Math.abs(change) <= RESUM_ABOVE * (this.m2 + change))) this.resum();
      else {
        this.m2 += change;
        this.expected = mean;
      }
    }
    this.spread = this.equalRun >= this.w ? 0 : Math.sqrt(Math.max(0, this.m2) / (this.w - 1));
  }

  /** The two-pass sums of the window. */
  private resum(): void {
    const v = this.values;
    const from = this.current - this.w;
    let sum = 0;
    for (let j = from; j < this.current; j++) sum += v[j];
    const mean = sum / this.w;
    let ss = 0;
    for (let j = from; j < this.current; j++) ss += (v[j] - mean) ** 2;
    this.expected = mean;
    this.m2 = ss;
  }
}

/**
 * The median of the `w` values before each index and a robust std estimate, MAD / 0.6745 (when more than half the
 * window is equal the MAD is 0, and 1.253314 × the mean absolute deviation from the median stands in). The window
 * is kept sorted (a value out and one in per step, found by binary search), so the median is read off and the MAD
 * merged from the two sorted sides of the median in O(w), with no copy and no sort. Medians of an even count are
 * interpolated as lower + ½·(upper − lower).
 */
export class RollingMedianMad implements RollingWindow {
  expected = 0;
  spread = 0;
  private readonly sorted: Float64Array;
  private next: number;

  constructor(
    private readonly values: ArrayLike<number>,
    private readonly w: number,
  ) {
    this.sorted = Float64Array.from({ length: w }, (_, i) => values[i]).sort();
    this.next = w;
  }

  at(i: number): void {
    for (; this.next < i; this.next++) this.replace(this.values[this.next - this.w], this.values[this.next]);
    const s = this.sorted;
    const w = this.w;
    this.expected = w % 2 ? s[(w - 1) / 2] : s[w / 2 - 1] + 0.5 * (s[w / 2] - s[w / 2 - 1]);
    const mad = this.deviationMedian();
    this.spread = mad > 0 ? mad * MAD_TO_SD : this.meanAbsoluteDeviation(i) * MEAN_AD_TO_SD;
  }

  /** Summed in the series' order, as the two-pass formula does. */
  private meanAbsoluteDeviation(i: number): number {
    let sum = 0;
    for (let j = i - this.w; j < i; j++) sum += Math.abs(this.values[j] - this.expected);
    return sum / this.w;
  }

  private replace(out: number, added: number): void {
    const s = this.sorted;
    let j = lowerBound(s, out, this.w);
    // Close the gap, then open one where `added` belongs.
    for (; j < this.w - 1; j++) s[j] = s[j + 1];
    j = this.w - 1;
    for (; j > 0 && s[j - 1] > added; j--) s[j] = s[j - 1];
    s[j] = added;
  }

  /** The median of |x − median|: the deviations grow leftwards from below the median and rightwards from it. */
  private deviationMedian(): number {
    const s = this.sorted;
    const w = this.w;
    const m = this.expected;
    let left = lowerBound(s, m, w) - 1;
    let right = left + 1;
    const lowRank = w % 2 ? (w - 1) / 2 : w / 2 - 1;
    let lower = 0;
    for (let k = 0; k <= lowRank + (w % 2 ? 0 : 1); k++) {
      const dl = left >= 0 ? Math.abs(s[left] - m) : Infinity;
      const dr = right < w ? Math.abs(s[right] - m) : Infinity;
      const d = dl <= dr ? dl : dr;
      if (dl <= dr) left--;
      else right++;
      if (k === lowRank) lower = d;
      else if (k === lowRank + 1) return lower + 0.5 * (d - lower);
    }
    return lower;
  }
}

/** The first index of `sorted[0..n)` holding a value ≥ x. */
function lowerBound(sorted: Float64Array, x: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
