import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Uniform random numbers in [0, 1), injected so that random draws are reproducible. */
export interface RandomSource {
  next(): number;
}

export const RANDOM_SOURCE = Symbol('RANDOM_SOURCE');

export const mathRandom: RandomSource = { next: () => Math.random() };

const TWO_POW_27 = 2 ** 27;
const TWO_POW_53 = 2 ** 53;

/**
 * A seeded source (xoroshiro128+ from pure-rand); the same seed always gives the same sequence.
 * Each draw combines 26 + 27 random bits into a double with 53 bits of precision.
 */
export function seededRandom(seed: number): RandomSource {
  const rng = xoroshiro128plus(seed);
  return {
    next: () => {
      const high = uniformInt(rng, 0, 2 ** 26 - 1);
      const low = uniformInt(rng, 0, TWO_POW_27 - 1);
      return (high * TWO_POW_27 + low) / TWO_POW_53;
    },
  };
}
