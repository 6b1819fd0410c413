import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { VectorMemory } from '../../../core/ports/vector-memory.port';
import { ManualClock } from '../../../core/runtime/clock';
import { fail, ok, skip, type StepOk } from '../../../core/result/step-result';
import { SqlContinualMemory } from '../../content/memory/sql-continual-memory';
import { SqlGraphMemory } from '../../content/memory/sql-graph-memory';
import { SqlVectorMemory } from '../../content/memory/sql-vector-memory';
import { knowledgeStage } from './s7-knowledge';
import type { StageResult, StageRun } from './stage.types';
import type { ContinualMemoryPort, GraphMemoryPort } from '../../content/content.ports';

const URL = 'https://youtu.be/abc';
const RUN: StageRun = { workflowId: 'wf-1', url: URL, depth: 'standard', tenantId: 'acme', workspaceId: 'main' };
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const SCOPE = { tenantId: 'acme', workspaceId: 'main' };

const S1 = ok({ source_url: URL, download: { url: URL, title: 'Moon landing', platform: 'youtube' } });
const S4 = ok({
  fact_checks: {
    items: [
      {
        claim: 'Apollo 11 landed in 1969',
        verdict: 'supported',
        confidence: 0.9,
        source: 'nasa.gov',
        source_trust: 0.9,
      },
    ],
  },
  logical_fallacies: [{ type: 'ad_hominem' }, { type: 'ad_hominem' }, { type: 'slippery_slope' }],
  perspective_synthesis: { summary: 'The landing happened.' },
});
const S6 = ok({ deception_score: 0.68 });

const PAYLOAD = {
  url: URL,
  title: 'Moon landing',
  platform: 'youtube',
  analysis_summary: 'The landing happened.',
  deception_score: 0.68,
  fact_check_results: [
    { claim: 'Apollo 11 landed in 1969', verdict: 'supported', confidence: 0.9, source: 'nasa.gov', source_trust: 0.9 },
  ],
  detected_fallacies: ['ad_hominem', 'slippery_slope'],
  timestamp: '2026-11-25T12:00:00.000Z',
};
const TEXT = 'Moon landing\nThe landing happened.\nApollo 11 landed in 1969';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function fakes() {
  const vector = {
    mode: 'exact',
    upsert: jest.fn(async () => 1),
    search: jest.fn(),
    clear: jest.fn(),
  } as unknown as jest.Mocked<VectorMemory>;
  const graph: jest.Mocked<GraphMemoryPort> = { store: jest.fn(async (_s, r) => r.id), neighbours: jest.fn() };
  const continual: jest.Mocked<ContinualMemoryPort> = {
    append: jest.fn(async (_scope, _entry) => undefined),
    consolidate: jest.fn(async (_scope) => 4),
    recent: jest.fn(),
  };
  return { vector, graph, continual, clock: new ManualClock(NOW) };
}

const storage = (r: StageResult) =>
  (r as StepOk<{ knowledge_storage: Record<string, Record<string, unknown>> }>).data.knowledge_storage;

describe(knowledgeStage.name, () => {
  it('A14 S7: three writes issued concurrently, tags platform:youtube, deception_score:0.7', async () => {
    const deps = fakes();
    const writes = { vector: deferred<number>(), graph: deferred<string>(), append: deferred<void>() };
    deps.vector.upsert.mockReturnValue(writes.vector.promise);
    deps.graph.store.mockReturnValue(writes.graph.promise);
    deps.continual.append.mockReturnValue(writes.append.promise);

    const pending = knowledgeStage(deps, RUN, S1, S4, S6);
    await new Promise((r) => setImmediate(r));
    // All three are under way while none has resolved.
    expect(deps.vector.upsert).toHaveBeenCalledTimes(1);
    expect(deps.graph.store).toHaveBeenCalledTimes(1);
    expect(deps.continual.append).toHaveBeenCalledTimes(1);
    expect(deps.continual.consolidate).not.toHaveBeenCalled();
    writes.append.resolve();
    writes.graph.resolve('wf-1');
    writes.vector.resolve(1);
    const result = await pending;

    expect(deps.vector.upsert).toHaveBeenCalledWith({ ...SCOPE, namespace: 'autonomous_intelligence' }, [
      {
        id: 'wf-1',
        text: TEXT,
        metadata: {
          url: URL,
          title: 'Moon landing',
          platform: 'youtube',
          deception_score: 0.68,
          timestamp: PAYLOAD.timestamp,
          workflow_id: 'wf-1',
        },
      },
    ]);
    expect(deps.graph.store).toHaveBeenCalledWith(
      { ...SCOPE, index: 'autointel_analysis' },
      {
        id: 'wf-1',
        tags: ['platform:youtube'],
        triples: [
          { subject: URL, predicate: 'has_title', object: 'Moon landing' },
          { subject: URL, predicate: 'on_platform', object: 'youtube' },
          { subject: URL, predicate: 'makes_claim', object: 'Apollo 11 landed in 1969' },
          { subject: 'Apollo 11 landed in 1969', predicate: 'verdict', object: 'supported' },
          { subject: URL, predicate: 'uses_fallacy', object: 'ad_hominem' },
          { subject: URL, predicate: 'uses_fallacy', object: 'slippery_slope' },
        ],
      },
    );
    expect(deps.continual.append).toHaveBeenCalledWith(
      { ...SCOPE, index: 'continual_autointel' },
      { id: 'wf-1', text: TEXT, tags: ['deception_score:0.7'], at: NOW },
    );
    expect(deps.continual.consolidate).toHaveBeenCalledWith({ ...SCOPE, index: 'continual_autointel' });
    expect(result).toEqual(
      ok({
        knowledge_storage: {
          memory_storage: { stored: true, namespace: 'autonomous_intelligence', id: 'wf-1', records: 1 },
          graph_memory: {
            stored: true,
            index: 'autointel_analysis',
            id: 'wf-1',
            triples: 6,
            tags: ['platform:youtube'],
          },
          hipporag_memory: {
            stored: true,
            index: 'continual_autointel',
            id: 'wf-1',
            tags: ['deception_score:0.7'],
            consolidated: 4,
          },
        },
        stored_payload: PAYLOAD,
      }),
    );
  });

  it('is skipped with acquisition_failed when S1 is not ok', async () => {
    const deps = fakes();
    expect(await knowledgeStage(deps, RUN, fail('unavailable', 'down'), S4, S6)).toEqual(skip('acquisition_failed'));
    expect(deps.vector.upsert).not.toHaveBeenCalled();
  });

  it('stores what it has when S4 and S6 failed: empty parts, platform and score unknown', async () => {
    const deps = fakes();
    const s1 = ok({ source_url: URL, download: { url: URL, title: null, platform: '' } });
    const result = await knowledgeStage(deps, RUN, s1, fail('processing', 'x'), skip('not_run'));
    expect((result as StepOk<{ stored_payload: unknown }>).data.stored_payload).toEqual({
      ...PAYLOAD,
      title: null,
      platform: '',
      analysis_summary: '',
      deception_score: null,
      fact_check_results: [],
      detected_fallacies: [],
    });
    expect(deps.graph.store.mock.calls[0][1]).toEqual({
      id: 'wf-1',
      tags: ['platform:unknown'],
      triples: [{ subject: URL, predicate: 'on_platform', object: 'unknown' }],
    });
    expect(deps.continual.append.mock.calls[0][1].tags).toEqual(['deception_score:unknown']);
    expect(deps.vector.upsert.mock.calls[0][1][0].text).toBe(URL);
  });

  it('rounds the score tag half away from zero (0.35 → 0.4, which toFixed would make 0.3)', async () => {
    const deps = fakes();
    await knowledgeStage(deps, RUN, S1, S4, ok({ deception_score: 0.35 }));
    expect(deps.continual.append.mock.calls[0][1].tags).toEqual(['deception_score:0.4']);
  });

  it('reports a failed write as stored:false and stays ok; a failed consolidation keeps the append', async () => {
    const deps = fakes();
    deps.graph.store.mockRejectedValue(new Error('graph down'));
    deps.continual.consolidate.mockRejectedValue(new Error('lock timeout'));
    const result = await knowledgeStage(deps, RUN, S1, S4, S6);
    expect(result.status).toBe('ok');
    expect(storage(result).memory_storage.stored).toBe(true);
    expect(storage(result).graph_memory).toEqual({ stored: false, error: 'graph down' });
    expect(storage(result).hipporag_memory).toEqual({
      stored: true,
      index: 'continual_autointel',
      id: 'wf-1',
      tags: ['deception_score:0.7'],
      consolidated: null,
      consolidation_error: 'lock timeout',
    });
  });

  it('fails as unavailable when all three writes fail, a synchronous throw included', async () => {
    const deps = fakes();
    deps.vector.upsert.mockImplementation(() => {
      throw new Error('vector down');
    });
    deps.graph.store.mockRejectedValue(new Error('graph down'));
    deps.continual.append.mockRejectedValue(new Error('log down'));
    const result = await knowledgeStage(deps, RUN, S1, S4, S6);
    expect(result).toMatchObject({
      status: 'error',
      category: 'unavailable',
      error:
        'knowledge integration stored nothing (memory_storage: vector down; graph_memory: graph down; hipporag_memory: log down)',
    });
    expect(result).toHaveProperty('data.stored_payload', PAYLOAD);
  });

  it(
    'writes to the SQL memories, scoped to the run’s tenant and workspace',
    async () => {
      const database = await openTestDatabase();
      try {
        const clock = new ManualClock(NOW);
        const vector = new SqlVectorMemory(database, clock);
        const graph = new SqlGraphMemory(database, clock);
        const continual = new SqlContinualMemory(database, clock);
        await applyContentMigrations(database, { ...vector.migrations, ...graph.migrations, ...continual.migrations });

        expect((await knowledgeStage({ vector, graph, continual, clock }, RUN, S1, S4, S6)).status).toBe('ok');
        expect(
          await graph.neighbours({ ...SCOPE, index: 'autointel_analysis' }, 'Apollo 11 landed in 1969'),
        ).toHaveLength(2);
        expect(await continual.recent({ ...SCOPE, index: 'continual_autointel' }, 5)).toEqual([
          { id: 'wf-1', text: TEXT, tags: ['deception_score:0.7'], at: NOW },
        ]);
        expect(await continual.summaries({ ...SCOPE, index: 'continual_autointel' })).toEqual([
          { tag: 'deception_score:0.7', count: 1, lastAt: NOW, texts: [TEXT] },
        ]);
        expect(
          (await vector.search({ ...SCOPE, namespace: 'autonomous_intelligence' }, 'Apollo moon landing')).map(
            (m) => m.id,
          ),
        ).toEqual(['wf-1']);
        expect(await graph.neighbours({ ...SCOPE, tenantId: 'globex', index: 'autointel_analysis' }, URL)).toEqual([]);
      } finally {
        await database.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
