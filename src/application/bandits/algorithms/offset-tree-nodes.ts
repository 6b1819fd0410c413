/** The nodes of {@link OffsetTree}: their in-memory and JSON forms, the split search and the tree's shape. */
import { isRecord, readCount, readRows, readVector } from './algorithm-support';

/** A leaf: Beta counts per action and feature, its recent samples (oldest first) and the updates it has seen. */
export interface LeafState {
  readonly kind: 'leaf';
  readonly depth: number;
  readonly alpha: Float64Array[];
  readonly beta: Float64Array[];
  readonly xs: Float64Array[];
  readonly rs: number[];
  seen: number;
}

/** An inner node: x[feature] ≤ threshold goes left. */
export interface SplitState {
  readonly kind: 'split';
  readonly depth: number;
  readonly feature: number;
  readonly threshold: number;
  left: TreeNode;
  right: TreeNode;
}

export type TreeNode = LeafState | SplitState;

/** JSON form of a node (depth is implied by the nesting). */
export type TreeNodeState =
  | {
      readonly feature: number;
      readonly threshold: number;
      readonly left: TreeNodeState;
      readonly right: TreeNodeState;
    }
  | {
      readonly alpha: number[][];
      readonly beta: number[][];
      readonly xs: number[][];
      readonly rs: number[];
      readonly seen: number;
    };

/** Each side of a split needs this many samples. */
export const MIN_SIDE = 5;
/** A split must lower the reward variance by more than this. */
export const MIN_GAIN = 0.01;

const ones = (k: number, d: number) => Array.from({ length: k }, () => new Float64Array(d).fill(1));

/** A leaf with the Beta(1, 1) prior everywhere and no samples. */
export function makeLeaf(k: number, d: number, depth: number): LeafState {
  return { kind: 'leaf', depth, alpha: ones(k, d), beta: ones(k, d), xs: [], rs: [], seen: 0 };
}

/** Population variance from a count, a sum and a sum of squares. */
const variance = (n: number, sum: number, sumSq: number) => Math.max(0, sumSq / n - (sum / n) ** 2);

/**
 * The best median split of a leaf's samples, or undefined when none gains more than {@link MIN_GAIN}. For each
 * feature with ≥ 2 distinct values the threshold is the median (the mean of the middle two for an even count);
 * gain = Var(all) − Var(L)·|L|/n − Var(R)·|R|/n over the rewards. Ties keep the lowest feature. The children start
 * from copies of the leaf's α, β and receive its samples, in order.
 */
export function bestSplit(leaf: LeafState, d: number): SplitState | undefined {
  const { xs, rs } = leaf;
  const n = rs.length;
  let sum = 0;
  let sumSq = 0;
  for (const r of rs) {
    sum += r;
    sumSq += r * r;
  }
  const total = variance(n, sum, sumSq);
  let bestGain = MIN_GAIN;
  let bestFeature = -1;
  let bestThreshold = 0;
  const values = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let j = 0; j < n; j++) values[j] = xs[j][f];
    values.sort();
    if (values[0] === values[n - 1]) continue;
    const mid = n >> 1;
    const threshold = n % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    let nL = 0;
    let sumL = 0;
    let sumSqL = 0;
    for (let j = 0; j < n; j++) {
      if (xs[j][f] > threshold) continue;
      nL++;
      sumL += rs[j];
      sumSqL += rs[j] * rs[j];
    }
    const nR = n - nL;
    if (nL < MIN_SIDE || nR < MIN_SIDE) continue;
    const gain = total - (variance(nL, sumL, sumSqL) * nL) / n - (variance(nR, sum - sumL, sumSq - sumSqL) * nR) / n;
    if (gain > bestGain) {
      bestGain = gain;
      bestFeature = f;
      bestThreshold = threshold;
    }
  }
  if (bestFeature < 0) return undefined;
  const child = (): LeafState => ({
    kind: 'leaf',
    depth: leaf.depth + 1,
    alpha: leaf.alpha.map((row) => Float64Array.from(row)),
    beta: leaf.beta.map((row) => Float64Array.from(row)),
    xs: [],
    rs: [],
    seen: 0,
  });
  const left = child();
  const right = child();
  for (let j = 0; j < n; j++) {
    const side = xs[j][bestFeature] <= bestThreshold ? left : right;
    side.xs.push(xs[j]);
    side.rs.push(rs[j]);
    side.seen += 1;
  }
  return { kind: 'split', depth: leaf.depth, feature: bestFeature, threshold: bestThreshold, left, right };
}

/** Node count, deepest leaf and leaf count. */
export function treeShape(node: TreeNode): { treeSize: number; treeDepth: number; leaves: number } {
  if (node.kind === 'leaf') return { treeSize: 1, treeDepth: node.depth, leaves: 1 };
  const l = treeShape(node.left);
  const r = treeShape(node.right);
  return {
    treeSize: 1 + l.treeSize + r.treeSize,
    treeDepth: Math.max(l.treeDepth, r.treeDepth),
    leaves: l.leaves + r.leaves,
  };
}

const rows = (m: readonly Float64Array[]) => m.map((row) => Array.from(row));

export function nodeToState(node: TreeNode): TreeNodeState {
  if (node.kind === 'split')
    return {
      feature: node.feature,
      threshold: node.threshold,
      left: nodeToState(node.left),
      right: nodeToState(node.right),
    };
  return { alpha: rows(node.alpha), beta: rows(node.beta), xs: rows(node.xs), rs: [...node.rs], seen: node.seen };
}

export interface TreeLimits {
  readonly k: number;
  readonly d: number;
  readonly maxDepth: number;
  readonly maxSamples: number;
}

/** A node from its JSON form, checking every shape and limit; undefined when anything is off. */
export function readNode(v: unknown, limits: TreeLimits, depth: number): TreeNode | undefined {
  if (!isRecord(v)) return undefined;
  const { k, d, maxDepth, maxSamples } = limits;
  if ('feature' in v) {
    const { feature, threshold } = v;
    if (depth >= maxDepth || typeof feature !== 'number' || !Number.isInteger(feature) || feature < 0 || feature >= d)
      return undefined;
    if (typeof threshold !== 'number' || !Number.isFinite(threshold)) return undefined;
    const left = readNode(v.left, limits, depth + 1);
    const right = readNode(v.right, limits, depth + 1);
    return left && right && { kind: 'split', depth, feature, threshold, left, right };
  }
  const alpha = readRows(v.alpha, k, d);
  const beta = readRows(v.beta, k, d);
  const rs = Array.isArray(v.rs) && v.rs.length <= maxSamples ? readVector(v.rs, v.rs.length) : undefined;
  const xs = rs && readRows(v.xs, rs.length, d);
  const seen = readCount(v.seen);
  if (!alpha || !beta || !rs || !xs || seen === undefined || rs.some((r) => r < 0 || r > 1)) return undefined;
  return { kind: 'leaf', depth, alpha, beta, xs, rs: Array.from(rs), seen };
}
