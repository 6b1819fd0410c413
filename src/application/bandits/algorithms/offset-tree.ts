import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import { argmax, checkContext, checkFeedback, checkShape, clamp01, isRecord, param } from './algorithm-support';
import {
  type LeafState,
  type TreeNode,
  type TreeNodeState,
  bestSplit,
  makeLeaf,
  nodeToState,
  readNode,
  treeShape,
} from './offset-tree-nodes';
import { beta } from './random-draws';
import { normalWinProbability } from './win-probability';

export interface OffsetTreeOptions {
  /** Deepest level a leaf may split from; the tree holds at most 2^(maxDepth+1) − 1 nodes (default 4, max 10). */
  readonly maxDepth?: number;
  /** Stored samples a leaf needs before it may split (default 20). */
  readonly minSamples?: number;
  /** Most recent (x, r) samples each leaf keeps for split tests (default 500, ≥ minSamples). */
  readonly maxSamples?: number;
}

/** JSON state: the tree, nested; leaves hold α, β (k×d), their recent samples and how many they have seen. */
export interface OffsetTreeState {
  readonly root: TreeNodeState;
}

/** Updates between split attempts. */
export const SPLIT_EVERY = 50;

/**
 * The original's "offset tree": a regression tree over contexts whose leaves run a feature-wise Beta
 * Thompson sampler. Each leaf holds α, β ∈ ℝ^{k×d} (start 1). To select, x descends (x[f] ≤ threshold → left) and
 * each action scores v_a = Σ_i Beta(max(0.1, α_ai), max(0.1, β_ai))·x_i; the largest score wins (ties → lowest).
 * An update with r > 0.5 adds x_i·r to α_a, otherwise x_i·(1 − r) to β_a — the original's strict rule, kept: a
 * reward of exactly 0.5 is a failure and zero features never learn. Every {@link SPLIT_EVERY} updates each leaf
 * above depth `maxDepth` with ≥ `minSamples` stored samples tries the split of its samples' rewards at a feature's
 * median with the largest variance reduction (both sides ≥ 5, gain > 0.01).
 *
 * [FIX]es over the original: the split attempt reaches leaves at any depth (the original never split below the
 * root); children start from a copy of the parent's α, β and take over its samples (the original reset them);
 * each leaf keeps only its `maxSamples` most recent samples (the original kept all, rescanning them in O(n)).
 * `confidence` is the original max(v) / (Σv + 1e−8) clamped into [0, 1]; `exploration` = 1 − confidence.
 *
 * Propensity (an estimate): each score is approximated by a normal with the Beta posteriors' mean and variance,
 * and the probability that the chosen action's normal is the largest is computed by quadrature
 * ({@link normalWinProbability}), floored at 1 / (16·k). Resampling the Betas themselves would cost ~16× the
 * selection. Feature draws for x_i = 0 are skipped (they cannot change a score).
 */
export class OffsetTree implements BanditAlgorithm {
  readonly name = AlgorithmName.OffsetTree;
  readonly maxDepth: number;
  readonly minSamples: number;
  readonly maxSamples: number;
  private root: TreeNode;
  private count = 0;
  private readonly scores: Float64Array;
  private readonly means: Float64Array;
  private readonly sds: Float64Array;

  constructor(
    readonly k: number,
    readonly d: number,
    options: OffsetTreeOptions = {},
  ) {
    checkShape(k, d);
    const integer = (lo: number, hi: number) => (v: number) => Number.isInteger(v) && v >= lo && v <= hi;
    this.maxDepth = param('maxDepth', options.maxDepth, 4, integer(0, 10), 'an integer from 0 to 10');
    this.minSamples = param('minSamples', options.minSamples, 20, integer(1, 1e6), 'an integer from 1 to 1000000');
    this.maxSamples = param(
      'maxSamples',
      options.maxSamples,
      500,
      integer(this.minSamples, 1e6),
      `an integer from minSamples (${this.minSamples}) to 1000000`,
    );
    this.root = makeLeaf(k, d, 0);
    this.scores = new Float64Array(k);
    this.means = new Float64Array(k);
    this.sds = new Float64Array(k);
  }

  get updates(): number {
    return this.count;
  }

  select(x: readonly number[], rng: RandomSource): Selection {
    checkContext(x, this.d);
    const { k, d, scores, means, sds } = this;
    const leaf = this.leafFor(x);
    let sum = 0;
    for (let a = 0; a < k; a++) {
      const alpha = leaf.alpha[a];
      const betaCounts = leaf.beta[a];
      let v = 0;
      let mean = 0;
      let variance = 0;
      for (let i = 0; i < d; i++) {
        const xi = x[i];
        if (xi === 0) continue;
        const p = Math.max(0.1, alpha[i]);
        const q = Math.max(0.1, betaCounts[i]);
        const n = p + q;
        v += beta(rng, p, q) * xi;
        mean += (p / n) * xi;
        variance += (xi * xi * p * q) / (n * n * (n + 1));
      }
      scores[a] = v;
      means[a] = mean;
      sds[a] = Math.sqrt(variance);
      sum += v;
    }
    const action = argmax(scores, k);
    const confidence = clamp01(scores[action] / (sum + 1e-8));
    return {
      action,
      predictedReward: means[action],
      exploration: 1 - confidence,
      confidence,
      propensity: normalWinProbability(means, sds, k, action),
      details: { sampledScore: scores[action], treeDepth: leaf.depth, leafSamples: leaf.seen, round: this.count },
    };
  }

  update(x: readonly number[], a: number, r: number, _propensity?: number): void {
    checkFeedback(x, this.d, a, r, this.k);
    const leaf = this.leafFor(x);
    leaf.seen += 1;
    leaf.xs.push(Float64Array.from(x));
    leaf.rs.push(r);
    if (leaf.rs.length > this.maxSamples) {
      leaf.xs.shift();
      leaf.rs.shift();
    }
    if (r > 0.5) {
      const alpha = leaf.alpha[a];
      for (let i = 0; i < this.d; i++) alpha[i] += x[i] * r;
    } else {
      const betaCounts = leaf.beta[a];
      for (let i = 0; i < this.d; i++) betaCounts[i] += x[i] * (1 - r);
    }
    this.count += 1;
    if (this.count % SPLIT_EVERY === 0) this.root = this.splitLeaves(this.root);
  }

  /** Copies of the α and β counts of action `a` in the leaf that `x` reaches. */
  posterior(x: readonly number[], a: number): { alpha: number[]; beta: number[] } {
    checkContext(x, this.d);
    const leaf = this.leafFor(x);
    return { alpha: Array.from(leaf.alpha[a]), beta: Array.from(leaf.beta[a]) };
  }

  snapshot(): AlgorithmSnapshot {
    const state: OffsetTreeState = { root: nodeToState(this.root) };
    const params = { maxDepth: this.maxDepth, minSamples: this.minSamples, maxSamples: this.maxSamples };
    return { version: 1, algorithm: this.name, k: this.k, d: this.d, params, updates: this.count, state };
  }

  /** Loads snapshot state into this (fresh) instance; false, leaving it unchanged, when the state is malformed. */
  loadState(state: unknown, updates: number): boolean {
    if (!isRecord(state)) return false;
    const root = readNode(
      state.root,
      { k: this.k, d: this.d, maxDepth: this.maxDepth, maxSamples: this.maxSamples },
      0,
    );
    if (!root) return false;
    this.root = root;
    this.count = updates;
    return true;
  }

  /** treeSize (nodes), treeDepth (deepest leaf), leaves. */
  stats(): Readonly<Record<string, number>> {
    return treeShape(this.root);
  }

  private leafFor(x: readonly number[]): LeafState {
    let node = this.root;
    while (node.kind === 'split') node = x[node.feature] <= node.threshold ? node.left : node.right;
    return node;
  }

  /** One split attempt for every leaf that exists now (new children wait for the next attempt). */
  private splitLeaves(node: TreeNode): TreeNode {
    if (node.kind === 'split') {
      node.left = this.splitLeaves(node.left);
      node.right = this.splitLeaves(node.right);
      return node;
    }
    if (node.depth >= this.maxDepth || node.rs.length < this.minSamples) return node;
    return bestSplit(node, this.d) ?? node;
  }
}
