import { createHash, randomBytes } from 'node:crypto';
import type { RandomSource } from '../../../core/runtime/random';

const TWO_POW_32 = 2 ** 32;

/** 8 lowercase hex digits (32 bits) drawn from `random`. */
export function randomHex8(random: RandomSource): string {
  return Math.floor(random.next() * TWO_POW_32)
    .toString(16)
    .padStart(8, '0');
}

/** `THR_<unix-seconds>_<8 lowercase hex>` for a threat detected at `nowMs`. */
export function newThreatId(nowMs: number, random: RandomSource): string {
  return `THR_${Math.floor(nowMs / 1000)}_${randomHex8(random)}`;
}

/** `VULN_<8 lowercase hex>` of a finding's key: the same finding keeps its id from one report to the next. */
export function vulnerabilityIdOf(key: string): string {
  return `VULN_${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

/**
 * The random source of threat ids: its own, from the operating system's CSPRNG by default, so that drawing a
 * threat id never moves the application's seeded RANDOM_SOURCE (bandit exploration draws from it). Tests may
 * provide a seeded one.
 */
export const THREAT_ID_RANDOM = Symbol('THREAT_ID_RANDOM');

/** Uniform numbers in [0, 1) from 48 bits of `crypto.randomBytes`. */
export const cryptoRandom: RandomSource = { next: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48 };
