import fc from 'fast-check';
import { checkRoundTrip, sequences, timed } from '../../../test/fixtures/snapshot-round-trip';
import { COMPONENT_TYPES, FEEDBACK_SOURCES, FeedbackSource, type FeedbackSignal } from '../../core/ports/feedback.port';
import { TenantFeedback, type TenantFeedbackLimits } from './tenant-feedback';
import type { TenantFeedbackSnapshot } from './tenant-snapshot';

const TENANT = 't1';
const LIMITS: TenantFeedbackLimits = {
  disableBelow: 0.4,
  minSamplesToDisable: 3,
  reenableAbove: 0.5,
  reenableSamples: 2,
  disableTtlMs: 40,
  // 2 × 6 × 2 = 24 remembered ids, fewer than the 40 below: the oldest are forgotten.
  queueCapacity: 2,
  deadLetterCapacity: 3,
};
const COMPONENT_IDS = ['a', 'b', '1'];
const SIGNAL_IDS = Array.from({ length: 40 }, (_, i) => `s${i}`);
const CHUNKS = ['c1', 'c2', 'c3', '9'];
const LATER = 1_000_000 + 30 * 86_400_000;

const submit = fc.record({
  kind: fc.constant('submit' as const),
  // Memory signals weigh more: twenty query qualities make the consolidation trigger count.
  type: fc.oneof(fc.constantFrom(...COMPONENT_TYPES), fc.constant('memory' as const)),
  id: fc.constantFrom(...COMPONENT_IDS),
  source: fc.constantFrom(...FEEDBACK_SOURCES),
  signalId: fc.option(fc.constantFrom(...SIGNAL_IDS), { nil: undefined }),
  reward: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 50, max: 100 })).map((r) => r / 100),
  /** The sink fails (one time in five): the signal is dead-lettered. */
  fails: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  context: fc.record({
    success: fc.boolean(),
    latency_ms: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: undefined }),
    duration_s: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    cost_usd: fc.integer({ min: 0, max: 50 }).map((c) => c / 1000),
    content_type: fc.constantFrom('text', 'video', '3'),
    bypassed: fc.boolean(),
    time_saved_s: fc.option(fc.constantFrom(1, 2.5, 1e308), { nil: undefined }),
    chunk_ids: fc.subarray(CHUNKS),
  }),
  dt: fc.integer({ min: 0, max: 15 }),
});
const op = fc.oneof(
  { arbitrary: submit, weight: 10 },
  { arbitrary: fc.record({ kind: fc.constant('check' as const), dt: fc.integer({ min: 0, max: 50 }) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('clear' as const),
      type: fc.constantFrom(...COMPONENT_TYPES),
      id: fc.constantFrom(...COMPONENT_IDS),
      dt: fc.constant(0),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('consolidate' as const), dt: fc.constant(0) }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('prune' as const), chunks: fc.subarray(CHUNKS), dt: fc.constant(0) }),
    weight: 1,
  },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T & { readonly at: number } : never;
type Submit = Extract<Op, { kind: 'submit' }>;

/** What the hub's intake and delivery do to a tenant's state for one submitted signal. */
function accept(t: TenantFeedback, o: Submit): unknown {
  if (o.signalId !== undefined && t.seen.has(o.signalId)) return 'duplicate';
  if (t.health.state(o.type, o.id) === 'disabled') return t.health.record(o.type, o.id, o.reward, o.at) ?? 'skipped';
  const signal: FeedbackSignal = {
    signalId: o.signalId ?? `generated-${o.at}`,
    tenantId: TENANT,
    source: o.source,
    componentType: o.type,
    componentId: o.id,
    reward: o.reward,
    confidence: 1,
    context: o.context,
    metadata: {},
    timestamp: o.at,
  };
  if (o.signalId !== undefined) t.seen.remember(o.signalId);
  t.health.record(o.type, o.id, o.reward, o.at);
  t.counts.accepted++;
  t.counts.bySource[o.source]++;
  t.counts.byComponent[o.type]++;
  if (o.source === FeedbackSource.RagRetrieval) {
    t.ragSinceConsolidation.sum += o.reward;
    t.ragSinceConsolidation.count++;
  }
  // A tenant has no model sink (model signals train the bandits): here they fail too.
  if (o.fails || o.type === 'model') {
    t.counts.deadLettered++;
    t.deadLetter({ signal, error: 'sink failed', failedAt: o.at });
    return 'dead-lettered';
  }
  void t.sinks[o.type].accept(signal);
  t.counts.processed++;
  return 'processed';
}

/** A consolidation that prunes the tenant's own low-quality chunks when its tracker asks for one. */
function consolidate(t: TenantFeedback, at: number): unknown {
  const trigger = t.learning.rag.shouldTriggerConsolidation(at);
  if (!trigger.trigger || t.ragSinceConsolidation.count === 0) return trigger;
  const candidates = t.learning.rag.pruningCandidates(at).map((c) => c.chunkId);
  const pruned = t.learning.rag.remove(candidates);
  t.consolidations++;
  t.lastConsolidation = at;
  t.ragSinceConsolidation.sum = 0;
  t.ragSinceConsolidation.count = 0;
  return { trigger, pruned };
}

function apply(t: TenantFeedback, o: Op): unknown {
  switch (o.kind) {
    case 'submit':
      return accept(t, o);
    case 'check':
      return t.health.check(o.at).map((x) => t.tag(x));
    case 'clear':
      return t.health.clear(o.type, o.id, o.at);
    case 'consolidate':
      return consolidate(t, o.at);
    case 'prune':
      return t.learning.rag.remove(o.chunks);
  }
}

/** Everything the hub reads from a tenant's state. */
function observe(t: TenantFeedback): unknown {
  const { tools, agents, prompts, thresholds, rag } = t.learning;
  return {
    report: t.health.report(),
    disabled: t.health.disabled(),
    disabledCount: COMPONENT_TYPES.map((type) => t.disabledCount(type)),
    healthSize: t.health.size,
    tools: [tools.snapshot(), COMPONENT_IDS.map((id) => tools.get(id)), tools.size],
    agents: [agents.snapshot(), COMPONENT_IDS.map((id) => agents.get(id)), agents.size],
    prompts: [prompts.snapshot(), (['quality', 'speed', 'cost', 'balanced'] as const).map((x) => prompts.best(x))],
    thresholds: thresholds.snapshot(),
    rag: [CHUNKS.map((c) => [rag.get(c), rag.quality(c, LATER)]), rag.size, rag.shouldTriggerConsolidation(LATER)],
    candidates: rag.pruningCandidates(LATER),
    seen: [SIGNAL_IDS.map((id) => t.seen.has(id)), t.seen.size],
    deadLetters: [t.recentDeadLetters(100), t.deadLetterCount],
    counts: t.counts,
    ragSinceConsolidation: t.ragSinceConsolidation,
    consolidations: [t.consolidations, t.lastConsolidation],
  };
}

/** The JSON of a tenant's snapshot after `ops`, for the garbage cases to spoil. */
function snapshotAfter(...ops: Op[]): TenantFeedbackSnapshot {
  const t = new TenantFeedback(TENANT, LIMITS);
  for (const o of ops) apply(t, o);
  return JSON.parse(JSON.stringify(t.snapshot())) as TenantFeedbackSnapshot;
}

const ONE: Submit = {
  kind: 'submit',
  type: 'memory',
  id: 'q',
  source: 'rag_retrieval',
  signalId: 's1',
  reward: 0.4,
  fails: true,
  context: {
    success: true,
    latency_ms: undefined,
    duration_s: undefined,
    cost_usd: 0,
    content_type: 'text',
    bypassed: false,
    time_saved_s: undefined,
    chunk_ids: ['c1'],
  },
  dt: 0,
  at: 5,
};

describe(TenantFeedback.name, () => {
  describe('restore', () => {
    it('behaves as the original for every later operation, evictions and dead letters included', () => {
      checkRoundTrip(
        {
          create: () => new TenantFeedback(TENANT, LIMITS),
          apply,
          observe,
          snapshot: (t) => t.snapshot(),
          restore: (json) => TenantFeedback.restore(json, TENANT, LIMITS),
        },
        timed(sequences(op, 150)),
        150,
      );
    });

    it('keeps the newest dead letters when the capacity is now smaller', () => {
      const snapshot = snapshotAfter(
        { ...ONE, signalId: 's1' },
        { ...ONE, signalId: 's2' },
        { ...ONE, signalId: 's3' },
      );
      const sut = TenantFeedback.restore(snapshot, TENANT, { ...LIMITS, deadLetterCapacity: 2 });
      expect(sut.recentDeadLetters().map((d) => d.signal.signalId)).toEqual(['s2', 's3']);
      expect(sut.counts.deadLettered).toBe(3);
    });

    it('throws naming the field on garbage', () => {
      const good = snapshotAfter(ONE);
      const restore = (s: unknown) => () => TenantFeedback.restore(s, TENANT, LIMITS);
      expect(restore(null)).toThrow('snapshot must be an object, got null');
      expect(restore({ ...good, seen: { ids: 5 } })).toThrow('snapshot field seen.ids must be an array, got 5');
      expect(restore({ ...good, health: { ...good.health, tick: 'x' } })).toThrow(
        'snapshot field health.tick must be a whole number ≥ 0, got "x"',
      );
      expect(
        restore({ ...good, learning: { ...good.learning, rag: { ...good.learning.rag, trend: [null] } } }),
      ).toThrow('snapshot field learning.rag.trend[0] must be a finite number, got null');
      const { governance: _, ...bySource } = good.counts.bySource;
      expect(restore({ ...good, counts: { ...good.counts, bySource } })).toThrow(
        'snapshot field counts.bySource.governance must be a whole number ≥ 0, got nothing',
      );
      expect(restore({ ...good, lastConsolidation: 'yesterday' })).toThrow(
        'snapshot field lastConsolidation must be a finite number, got "yesterday"',
      );
      const [letter] = good.deadLetters;
      expect(restore({ ...good, deadLetters: [{ ...letter, signal: { ...letter.signal, tenantId: 't2' } }] })).toThrow(
        "snapshot field deadLetters[0].signal.tenantId must be this tenant's id, got another tenant's or none",
      );
      expect(restore({ ...good, deadLetters: [{ ...letter, failedAt: undefined }] })).toThrow(
        'snapshot field deadLetters[0].failedAt must be a finite number, got nothing',
      );
    });
  });
});
