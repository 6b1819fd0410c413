import { GraphBuilder, pageRank } from './pagerank';

describe(GraphBuilder.name, () => {
  it('packs undirected edges into compressed sparse rows', () => {
    const sut = new GraphBuilder();
    sut.link(0, 1, 2);
    sut.link(1, 2, 0.5);
    const graph = sut.build(4);
    expect([...graph.offsets]).toEqual([0, 1, 3, 4, 4]);
    expect([...graph.targets]).toEqual([1, 0, 2, 1]);
    expect([...graph.weights]).toEqual([2, 2, 0.5, 0.5]);
  });
});

describe(pageRank.name, () => {
  it('gives an isolated node 1 − d and two linked nodes 1', () => {
    const sut = new GraphBuilder();
    sut.link(0, 1, 3);
    expect([...pageRank(sut.build(3))]).toEqual([1, 1, 1 - 0.85]);
  });

  it('ranks the centre of a star above its leaves (closed form: 0.5325 / 0.2775 and 0.15 + 0.85 · c / 3)', () => {
    const sut = new GraphBuilder();
    for (const leaf of [1, 2, 3]) sut.link(0, leaf, 1);
    // A star is bipartite, so the iteration converges slowly (error × 0.85 per step).
    const [centre, ...leaves] = pageRank(sut.build(4), { tolerance: 1e-12, maxIterations: 500 });
    expect(centre).toBeCloseTo(0.5325 / 0.2775, 9);
    expect(leaves.map((s) => Math.abs(s - (0.15 + (0.85 * centre) / 3)) < 1e-9)).toEqual([true, true, true]);
  });

  it("shares a node's score among its edges by weight (closed form: s1 = 0.405 / 0.2775)", () => {
    const sut = new GraphBuilder();
    sut.link(0, 1, 1);
    sut.link(1, 2, 9);
    const [s0, s1, s2] = pageRank(sut.build(3), { tolerance: 1e-12, maxIterations: 500 });
    expect(s1).toBeCloseTo(0.405 / 0.2775, 9);
    expect(s0).toBeCloseTo(0.15 + 0.085 * s1, 9);
    expect(s2).toBeCloseTo(0.15 + 0.765 * s1, 9);
  });

  it('stops after maxIterations', () => {
    const sut = new GraphBuilder();
    for (const leaf of [1, 2, 3]) sut.link(0, leaf, 1);
    // One iteration from all ones: the centre gets 0.15 + 0.85 · 3, each leaf 0.15 + 0.85 / 3.
    expect([...pageRank(sut.build(4), { maxIterations: 1 })]).toEqual([
      0.15 + 0.85 * 3,
      0.15 + 0.85 / 3,
      0.15 + 0.85 / 3,
      0.15 + 0.85 / 3,
    ]);
  });

  it('returns nothing for an empty graph', () => {
    expect([...pageRank(new GraphBuilder().build(0))]).toEqual([]);
  });
});
