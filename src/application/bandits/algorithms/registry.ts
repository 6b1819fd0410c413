import { ALGORITHM_NAMES, AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm } from './bandit-algorithm';
import { isRecord, readCount } from './algorithm-support';
import { DoublyRobust } from './doubly-robust';
import { EpsilonGreedy } from './epsilon-greedy';
import { LinUcb } from './linucb';
import { OffsetTree } from './offset-tree';
import { ThompsonSampling } from './thompson-sampling';
import { UniformRandom } from './uniform-random';

/** The snapshot format {@link restoreAlgorithm} reads. */
export const ALGORITHM_SNAPSHOT_VERSION = 1;

/** A learner that can take back the `state` of its own snapshot. */
interface Restorable extends BanditAlgorithm {
  loadState(state: unknown, updates: number): boolean;
}

/** Parameters each algorithm accepts by name (all numbers; `intercept` is 0 or 1). */
export const ALGORITHM_PARAMS: Readonly<Record<AlgorithmName, readonly string[]>> = {
  [AlgorithmName.DoublyRobust]: ['alpha', 'learningRate'],
  [AlgorithmName.OffsetTree]: ['maxDepth', 'minSamples', 'maxSamples'],
  [AlgorithmName.LinUcb]: ['alpha', 'intercept'],
  [AlgorithmName.ThompsonSampling]: ['v', 'intercept'],
  [AlgorithmName.EpsilonGreedy]: ['epsilon'],
  [AlgorithmName.UniformRandom]: [],
};

function intercept(v: number | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v !== 0 && v !== 1) throw new RangeError(`intercept must be 0 or 1, got ${v}`);
  return v === 1;
}

function build(name: AlgorithmName, k: number, d: number, p: Readonly<Record<string, number>>): Restorable {
  switch (name) {
    case AlgorithmName.DoublyRobust:
      return new DoublyRobust(k, d, { alpha: p.alpha, learningRate: p.learningRate });
    case AlgorithmName.OffsetTree:
      return new OffsetTree(k, d, { maxDepth: p.maxDepth, minSamples: p.minSamples, maxSamples: p.maxSamples });
    case AlgorithmName.LinUcb:
      return new LinUcb(k, d, { alpha: p.alpha, intercept: intercept(p.intercept) });
    case AlgorithmName.ThompsonSampling:
      return new ThompsonSampling(k, d, { v: p.v, intercept: intercept(p.intercept) });
    case AlgorithmName.EpsilonGreedy:
      return new EpsilonGreedy(k, d, { epsilon: p.epsilon });
    case AlgorithmName.UniformRandom:
      return new UniformRandom(k, d);
    default: {
      const unknown: never = name;
      throw new RangeError(`algorithm must be one of ${ALGORITHM_NAMES.join(', ')}, got ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * A fresh learner for k actions and d-dimensional contexts. `params` override the defaults by name (see
 * {@link ALGORITHM_PARAMS}; every class documents its defaults).
 * @throws RangeError naming the argument when the name, k, d or a parameter is invalid or unknown.
 * @example createAlgorithm('linucb', 4, 8, { alpha: 0.5, intercept: 0 })
 */
export function createAlgorithm(
  name: AlgorithmName,
  k: number,
  d: number,
  params: Readonly<Record<string, number>> = {},
): BanditAlgorithm {
  return createRestorable(name, k, d, params);
}

function createRestorable(
  name: AlgorithmName,
  k: number,
  d: number,
  params: Readonly<Record<string, number>>,
): Restorable {
  if (!(ALGORITHM_NAMES as readonly unknown[]).includes(name))
    throw new RangeError(`algorithm must be one of ${ALGORITHM_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  if (!isRecord(params)) throw new RangeError('params must be an object of numbers');
  const accepted = ALGORITHM_PARAMS[name];
  for (const [key, value] of Object.entries(params)) {
    if (!accepted.includes(key))
      throw new RangeError(`${key} is not a parameter of ${name} (accepted: ${accepted.join(', ') || 'none'})`);
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new RangeError(`${key} must be a finite number, got ${String(value)}`);
  }
  return build(name, k, d, params);
}

/**
 * The learner a snapshot describes, or undefined when the snapshot is not version 1, names an unknown algorithm,
 * or has parameters, shapes or state that do not check out. Snapshots come from a store, so every field is
 * validated; nothing throws.
 */
export function restoreAlgorithm(snapshot: AlgorithmSnapshot): BanditAlgorithm | undefined {
  const s: unknown = snapshot;
  if (!isRecord(s) || s.version !== ALGORITHM_SNAPSHOT_VERSION) return undefined;
  const updates = readCount(s.updates);
  if (updates === undefined || typeof s.k !== 'number' || typeof s.d !== 'number' || !isRecord(s.params))
    return undefined;
  try {
    const learner = createRestorable(s.algorithm as AlgorithmName, s.k, s.d, s.params as Record<string, number>);
    return learner.loadState(s.state, updates) ? learner : undefined;
  } catch {
    return undefined;
  }
}
