import fc from 'fast-check';
import { checkRoundTrip, sequences, timed } from '../../../../test/fixtures/snapshot-round-trip';
import { chunkQuality, RagQualityTracker } from './rag-quality';

const DAY = 86_400_000;

/** Adds `n` chunks that were retrieved once, irrelevant and at rank 10, at time 0. */
function addStaleChunks(sut: RagQualityTracker, n: number, prefix = 'c'): void {
  for (let i = 0; i < n; i++) sut.recordRetrieval(`${prefix}${i}`, { relevance: 0, position: 10, now: 0 });
}

describe(RagQualityTracker.name, () => {
  describe('recordRetrieval', () => {
    it('starts at the first retrieval, then moves relevance by 0.2 and position by 0.1', () => {
      const sut = new RagQualityTracker();
      sut.recordRetrieval('c1', { relevance: 0.5, position: 2, now: 1000 });
      expect(sut.get('c1')).toEqual({ relevance: 0.5, position: 2, retrievalCount: 1, firstSeenAt: 1000 });
      sut.recordRetrieval('c1', { relevance: 1, position: 4, now: 5000 });
      const stat = sut.get('c1');
      expect(stat?.relevance).toBeCloseTo(0.6, 9);
      expect(stat?.position).toBeCloseTo(2.2, 9);
      expect(stat?.retrievalCount).toBe(2);
      expect(stat?.firstSeenAt).toBe(1000);
    });

    it('records nothing when a number is not finite', () => {
      const sut = new RagQualityTracker();
      expect(sut.recordRetrieval('c', { relevance: Number.NaN, position: 0, now: 0 })).toBe(false);
      expect(sut.size).toBe(0);
    });

    it('evicts the chunk seen first beyond maxChunks', () => {
      const sut = new RagQualityTracker(2);
      sut.recordRetrieval('a', { relevance: 1, position: 0, now: 1 });
      sut.recordRetrieval('b', { relevance: 1, position: 0, now: 2 });
      sut.recordRetrieval('a', { relevance: 1, position: 0, now: 3 });
      sut.recordRetrieval('c', { relevance: 1, position: 0, now: 4 });
      expect(sut.get('a')).toBeUndefined();
      expect(sut.size).toBe(2);
    });
  });

  describe('quality', () => {
    it('weights relevance 0.4 and usage, freshness and rank 0.2 each', () => {
      const sut = new RagQualityTracker();
      sut.recordRetrieval('c1', { relevance: 0.5, position: 2, now: 0 });
      sut.recordRetrieval('c1', { relevance: 1, position: 4, now: DAY });
      const expected = 0.4 * 0.6 + (0.2 * Math.log(3)) / 5 + 0.2 * Math.exp(-1) + 0.2 * (1 - 2.2 / 20);
      expect(sut.quality('c1', 30 * DAY)).toBeCloseTo(expected, 9);
      expect(sut.quality('c1', 30 * DAY)).toBeCloseTo(0.5355203798, 9);
    });

    it('caps usage at 1 and rank at position 10, and is undefined for an unknown chunk', () => {
      const stat = { relevance: 1, position: 25, retrievalCount: 200, firstSeenAt: 0 };
      expect(chunkQuality(stat, 0)).toBeCloseTo(0.4 + 0.2 + 0.2 + 0.1, 9);
      expect(new RagQualityTracker().quality('nope', 0)).toBeUndefined();
    });
  });

  describe('shouldTriggerConsolidation', () => {
    it('waits for 20 query qualities', () => {
      const sut = new RagQualityTracker();
      for (let i = 0; i < 19; i++) sut.recordQueryQuality(0.1);
      expect(sut.shouldTriggerConsolidation(0)).toEqual({ trigger: false, reason: 'insufficient_samples' });
    });

    it('fires on quality degradation when the last 20 average below 0.6', () => {
      const sut = new RagQualityTracker();
      for (let i = 0; i < 20; i++) sut.recordQueryQuality(i % 2 === 0 ? 0.5 : 0.6);
      expect(sut.shouldTriggerConsolidation(0)).toEqual({ trigger: true, reason: 'quality_degradation (avg=0.550)' });
    });

    it('looks only at the last 20 query qualities', () => {
      const sut = new RagQualityTracker();
      for (let i = 0; i < 10; i++) sut.recordQueryQuality(0);
      for (let i = 0; i < 20; i++) sut.recordQueryQuality(0.9);
      expect(sut.shouldTriggerConsolidation(0)).toEqual({ trigger: false, reason: 'quality_acceptable' });
    });

    it('fires when more than 100 chunks score below 0.3', () => {
      const sut = new RagQualityTracker();
      for (let i = 0; i < 20; i++) sut.recordQueryQuality(0.9);
      addStaleChunks(sut, 100);
      const later = 3650 * DAY;
      expect(sut.quality('c0', later)).toBeCloseTo((0.2 * Math.log(2)) / 5 + 0.1, 9);
      expect(sut.shouldTriggerConsolidation(later)).toEqual({ trigger: false, reason: 'quality_acceptable' });
      addStaleChunks(sut, 1, 'extra');
      expect(sut.shouldTriggerConsolidation(later)).toEqual({ trigger: true, reason: 'low_quality_chunks (101)' });
    });
  });

  describe('pruningCandidates', () => {
    it('lists chunks retrieved at least 5 times with quality below 0.3, worst first, up to the limit', () => {
      const sut = new RagQualityTracker();
      for (let i = 0; i < 5; i++) {
        sut.recordRetrieval('bad', { relevance: 0, position: 10, now: 0 });
        sut.recordRetrieval('worse', { relevance: 0, position: 10, now: 0 });
        sut.recordRetrieval('good', { relevance: 1, position: 0, now: 0 });
      }
      for (let i = 0; i < 4; i++) sut.recordRetrieval('rare', { relevance: 0, position: 10, now: 0 });
      sut.recordRetrieval('bad', { relevance: 0.5, position: 10, now: 0 });
      const later = 3650 * DAY;
      const candidates = sut.pruningCandidates(later);
      expect(candidates.map((c) => c.chunkId)).toEqual(['worse', 'bad']);
      expect(candidates[0]).toEqual({
        chunkId: 'worse',
        quality: (0.2 * Math.log(6)) / 5 + 0.1 + 0.2 * Math.exp(-3650 / 30),
        retrievalCount: 5,
      });
      expect(sut.pruningCandidates(later, 1).map((c) => c.chunkId)).toEqual(['worse']);
    });
  });

  describe('remove', () => {
    it('forgets the given chunks and counts the known ones', () => {
      const sut = new RagQualityTracker();
      addStaleChunks(sut, 3);
      expect(sut.remove(['c0', 'c2', 'missing', 'c0'])).toBe(2);
      expect(sut.size).toBe(1);
    });
  });

  describe('snapshot', () => {
    it('lists chunks first seen first (a new retrieval keeps a chunk in place) and the trend oldest first', () => {
      const sut = new RagQualityTracker();
      sut.recordRetrieval('9', { relevance: 1, position: 0, now: 5 });
      sut.recordRetrieval('x', { relevance: 0.5, position: 2, now: 6 });
      sut.recordRetrieval('9', { relevance: 0, position: 10, now: 7 });
      sut.recordQueryQuality(0.25);
      sut.recordQueryQuality(0.75);
      expect(sut.snapshot()).toEqual({
        chunks: [
          ['9', { relevance: 0.8, position: 1, retrievalCount: 2, firstSeenAt: 5 }],
          ['x', { relevance: 0.5, position: 2, retrievalCount: 1, firstSeenAt: 6 }],
        ],
        trend: [0.25, 0.75],
      });
    });
  });

  describe('restore', () => {
    const chunks = ['c1', 'c2', 'c3', 'c4', 'c5', '9'];
    const unit = fc.integer({ min: 0, max: 100 }).map((x) => x / 100);
    const op = fc.oneof(
      {
        arbitrary: fc.record({
          kind: fc.constant('retrieve' as const),
          chunk: fc.constantFrom(...chunks),
          relevance: unit,
          position: fc.integer({ min: 0, max: 12 }),
          dt: fc.integer({ min: 0, max: 5 * DAY }),
        }),
        weight: 6,
      },
      { arbitrary: fc.record({ kind: fc.constant('query' as const), quality: unit, dt: fc.constant(0) }), weight: 3 },
      {
        arbitrary: fc.record({
          kind: fc.constant('remove' as const),
          ids: fc.subarray(chunks, { maxLength: 2 }),
          dt: fc.constant(0),
        }),
        weight: 1,
      },
    );
    type Op = typeof op extends fc.Arbitrary<infer T> ? T & { readonly at: number } : never;
    const later = 1_000_000 + 300 * DAY;

    it('behaves as the original for every later operation, evictions, removals and triggers included', () => {
      checkRoundTrip(
        {
          create: () => new RagQualityTracker(4),
          apply: (s, o: Op) =>
            o.kind === 'retrieve'
              ? s.recordRetrieval(o.chunk, { relevance: o.relevance, position: o.position, now: o.at })
              : o.kind === 'query'
                ? s.recordQueryQuality(o.quality)
                : s.remove(o.ids),
          observe: (s) => ({
            each: chunks.map((c) => [s.get(c), s.quality(c, later)]),
            size: s.size,
            trigger: s.shouldTriggerConsolidation(later),
            candidates: s.pruningCandidates(later),
          }),
          snapshot: (s) => s.snapshot(),
          restore: (json) => RagQualityTracker.restore(json, 4),
        },
        timed(sequences(op, 100)),
      );
    });

    it('keeps the newest 1 000 query qualities', () => {
      const trend = Array.from({ length: 1005 }, (_, i) => i / 1005);
      const sut = RagQualityTracker.restore({ chunks: [], trend });
      expect(sut.snapshot().trend).toEqual(trend.slice(5));
    });

    it('throws naming the field on garbage', () => {
      expect(() => RagQualityTracker.restore({ chunks: [], trend: [0.5, null] })).toThrow(
        'snapshot field trend[1] must be a finite number, got null',
      );
      const chunk = { relevance: 1, position: 0, retrievalCount: 1.5, firstSeenAt: 0 };
      expect(() => RagQualityTracker.restore({ chunks: [['c', chunk]], trend: [] })).toThrow(
        'snapshot field chunks[0][1].retrievalCount must be a whole number ≥ 0, got 1.5',
      );
    });
  });
});
