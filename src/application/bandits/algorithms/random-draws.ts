/**
 * Exact samplers for the distributions the learners draw from, built only on an injected {@link RandomSource}
 * (never `Math.random`), so a seeded source replays every decision.
 */
import type { RandomSource } from '../../../core/runtime/random';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- referenced from TSDoc
import type { normalWinProbability } from './win-probability';

const TWO_PI = 2 * Math.PI;

/**
 * A standard normal draw N(0, 1) by the Box–Muller transform (two uniforms per draw; the second output of the
 * pair is discarded so that the function holds no state between calls).
 */
export function normal(rng: RandomSource): number {
  // 1 − u lies in (0, 1], so the logarithm is finite.
  const radius = Math.sqrt(-2 * Math.log(1 - rng.next()));
  return radius * Math.cos(TWO_PI * rng.next());
}

/**
 * A Gamma(shape, 1) draw by Marsaglia and Tsang's squeeze-and-reject method. Shapes below 1 draw
 * Gamma(shape + 1) and scale it by u^(1/shape), which is exact.
 * @throws RangeError when `shape` is not a finite positive number.
 */
export function gamma(rng: RandomSource, shape: number): number {
  if (!(shape > 0 && Number.isFinite(shape)))
    throw new RangeError(`gamma shape must be a finite number > 0, got ${shape}`);
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(rng);
    const t = 1 + c * z;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = 1 - rng.next();
    const z2 = z * z;
    // The cheap squeeze accepts most candidates; the log test is the exact acceptance rule.
    if (u < 1 - 0.0331 * z2 * z2) return d * v;
    if (Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Beta(a, b) draw. Both shapes above 1: Cheng's rejection algorithm BB (1978), exact, about one logarithm and
 * one exponential per candidate and an acceptance rate above 0.8 — two to three times cheaper than two gamma
 * draws, which is what the offset tree pays 32 times per decision. Both shapes at most 1 (the offset tree's 0.1
 * floor): Jöhnk's algorithm, exact, two logarithms and two exponentials per candidate and an acceptance rate of
 * Γ(a+1)Γ(b+1)/Γ(a+b+1) ≥ 1/2. One shape at most 1 and the other above (a floored α against a grown β, the
 * offset tree's most frequent pair): Cheng's algorithm BC, exact, about three times cheaper than the gamma ratio.
 * Otherwise (shapes too large to be finite) G_a / (G_a + G_b), which then throws.
 * @throws RangeError when a shape is not a finite positive number.
 */
export function beta(rng: RandomSource, a: number, b: number): number {
  if (a > 1 && b > 1 && Number.isFinite(a) && Number.isFinite(b)) return chengBB(rng, a, b);
  if (a > 0 && b > 0 && a <= 1 && b <= 1) return johnk(rng, a, b);
  if (a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b)) return chengBC(rng, a, b);
  const x = gamma(rng, a);
  const y = gamma(rng, b);
  const sum = x + y;
  // Both draws can underflow to 0 only for tiny shapes; the mean is then the best answer.
  return sum > 0 ? x / sum : a / (a + b);
}

/** Jöhnk (1964): X = U^(1/a), Y = V^(1/b), accepted when X + Y ≤ 1; X / (X + Y) is then Beta(a, b). */
function johnk(rng: RandomSource, a: number, b: number): number {
  for (;;) {
    // Logarithms first: for tiny shapes both powers can underflow, and the ratio is then taken in log space.
    const lx = Math.log(1 - rng.next()) / a;
    const ly = Math.log(1 - rng.next()) / b;
    const x = Math.exp(lx);
    const y = Math.exp(ly);
    const sum = x + y;
    if (sum > 1) continue;
    if (sum > 0) return x / sum;
    return 1 / (1 + Math.exp(ly - lx));
  }
}

const LN4 = Math.log(4);
const ONE_PLUS_LN5 = 1 + Math.log(5);

/** Cheng's BB for a, b > 1: works on the smaller shape and maps the draw back when the shapes were swapped. */
function chengBB(rng: RandomSource, a: number, b: number): number {
  const swapped = a > b;
  const lo = swapped ? b : a;
  const hi = swapped ? a : b;
  const sum = lo + hi;
  const scale = Math.sqrt((sum - 2) / (2 * lo * hi - sum));
  const shift = lo + 1 / scale;
  for (;;) {
    const u1 = rng.next();
    const u2 = rng.next();
    if (u1 <= 0 || u1 >= 1) continue;
    const v = scale * Math.log(u1 / (1 - u1));
    const w = Math.min(lo * Math.exp(v), Number.MAX_VALUE);
    const z = u1 * u1 * u2;
    const r = shift * v - LN4;
    const s = lo + r - w;
    let accept = s + ONE_PLUS_LN5 >= 5 * z;
    if (!accept) {
      const t = Math.log(z);
      accept = s > t || r + sum * Math.log(sum / (hi + w)) >= t;
    }
    if (accept) return swapped ? hi / (hi + w) : w / (hi + w);
  }
}

/**
 * Cheng's BC (1978), for a smaller shape at most 1: draws X ~ Beta(big, small) as W / (small + W) with
 * W = big·e^V, V = logit(U₁) / small, under two cheap squeezes and the exact log test; Beta(small, big) is 1 − X.
 */
function chengBC(rng: RandomSource, a: number, b: number): number {
  const bigFirst = a >= b;
  const big = bigFirst ? a : b;
  const small = bigFirst ? b : a;
  const sum = big + small;
  const spread = 1 + big - small;
  const k1 = (spread * (0.0138889 + 0.0416667 * small)) / (big / small - 0.777778);
  const k2 = 0.25 + (0.5 + 0.25 / spread) * small;
  for (;;) {
    const u1 = rng.next();
    const u2 = rng.next();
    if (u1 <= 0 || u1 >= 1) continue;
    let z: number;
    let sure = false;
    if (u1 < 0.5) {
      const y = u1 * u2;
      z = u1 * y;
      if (0.25 * u2 + z - y >= k1) continue;
    } else {
      z = u1 * u1 * u2;
      sure = z <= 0.25;
      if (!sure && z >= k2) continue;
    }
    const v = Math.log(u1 / (1 - u1)) / small;
    const w = Math.min(big * Math.exp(v), Number.MAX_VALUE);
    if (sure || sum * (Math.log(sum / (small + w)) + v) - LN4 >= Math.log(z))
      return bigFirst ? w / (small + w) : small / (small + w);
  }
}

/**
 * The Monte-Carlo reference that {@link normalWinProbability} (the learners' propensity) is tested against:
 * share of `draws` independent rounds in which `chosen` has the largest of k independent normal
 * scores N(means[i], sds[i]²) (ties to the lowest index, as in the learners' argmax), floored at 1 / (draws·k)
 * so that it can serve as a propensity in (0, 1]. Uses both outputs of each Box–Muller pair, so it consumes
 * draws·k uniforms (rounded up to even).
 */
export function normalWinShare(
  rng: RandomSource,
  means: ArrayLike<number>,
  sds: ArrayLike<number>,
  k: number,
  chosen: number,
  draws: number,
): number {
  let wins = 0;
  let spare = 0;
  let hasSpare = false;
  for (let n = 0; n < draws; n++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let i = 0; i < k; i++) {
      let z: number;
      if (hasSpare) {
        z = spare;
        hasSpare = false;
      } else {
        const radius = Math.sqrt(-2 * Math.log(1 - rng.next()));
        const angle = TWO_PI * rng.next();
        z = radius * Math.cos(angle);
        spare = radius * Math.sin(angle);
        hasSpare = true;
      }
      const score = means[i] + sds[i] * z;
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best === chosen) wins++;
  }
  return Math.max(wins / draws, 1 / (draws * k));
}
