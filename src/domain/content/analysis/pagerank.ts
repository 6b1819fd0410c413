/** An undirected weighted graph in compressed sparse rows: node `i`'s edges are `offsets[i]` to `offsets[i + 1]`. */
export interface SparseGraph {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
}

/** Collects undirected edges, then packs them into a `SparseGraph` (typed arrays keep PageRank's loop tight). */
export class GraphBuilder {
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly weight: number[] = [];

  /** Adds an edge between `a` and `b`; a pair added twice has two parallel edges (their weights add up). */
  link(a: number, b: number, weight: number): void {
    this.from.push(a);
    this.to.push(b);
    this.weight.push(weight);
  }

  /** The graph of nodes `0` to `size − 1`. */
  build(size: number): SparseGraph {
    const offsets = new Int32Array(size + 1);
    for (let e = 0; e < this.from.length; e += 1) {
      offsets[this.from[e] + 1] += 1;
      offsets[this.to[e] + 1] += 1;
    }
    for (let i = 0; i < size; i += 1) offsets[i + 1] += offsets[i];
    const fill = offsets.slice(0, size);
    const targets = new Int32Array(offsets[size]);
    const weights = new Float64Array(offsets[size]);
    for (let e = 0; e < this.from.length; e += 1) {
      const [a, b] = [this.from[e], this.to[e]];
      targets[fill[a]] = b;
      weights[fill[a]++] = this.weight[e];
      targets[fill[b]] = a;
      weights[fill[b]++] = this.weight[e];
    }
    return { offsets, targets, weights };
  }
}

export interface PageRankOptions {
  /** Probability of following an edge rather than jumping anywhere; default 0.85. */
  readonly damping?: number;
  /** Stop once no score moves by more than this; default 1e-6. */
  readonly tolerance?: number;
  /** Upper bound on iterations whatever the tolerance; default 100. */
  readonly maxIterations?: number;
}

/**
 * Weighted PageRank in TextRank's form: `S(i) = (1 − d) + d · Σ_j w(j,i) / W(j) · S(j)`, with `W(j)` the total
 * edge weight of `j`. Every iteration reads the previous scores only, so the result does not depend on node order.
 * An isolated node keeps `1 − d`.
 */
export function pageRank(graph: SparseGraph, options: PageRankOptions = {}): Float64Array {
  const { damping = 0.85, tolerance = 1e-6, maxIterations = 100 } = options;
  const { offsets, targets, weights } = graph;
  const n = offsets.length - 1;
  const totals = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    for (let k = offsets[i]; k < offsets[i + 1]; k += 1) totals[i] += weights[k];
  }
  // Each edge's share of its source's total, computed once instead of on every iteration.
  const shares = new Float64Array(weights.length);
  for (let i = 0; i < n; i += 1) {
    for (let k = offsets[i]; k < offsets[i + 1]; k += 1) shares[k] = weights[k] / totals[targets[k]];
  }
  let scores = new Float64Array(n).fill(1);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    let moved = 0;
    for (let i = 0; i < n; i += 1) {
      let sum = 0;
      for (let k = offsets[i]; k < offsets[i + 1]; k += 1) sum += shares[k] * scores[targets[k]];
      next[i] = 1 - damping + damping * sum;
      moved = Math.max(moved, Math.abs(next[i] - scores[i]));
    }
    [scores, next] = [next, scores];
    if (moved < tolerance) break;
  }
  return scores;
}
