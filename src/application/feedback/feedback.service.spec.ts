import { buildFeedbackHub } from '../../../test/fixtures/feedback-hub';
import { BANDITS, type BanditsPort } from '../../core/ports/bandits.port';
import type { FeedbackSignal } from '../../core/ports/feedback.port';
import { healthOf } from './component-health';
import { FeedbackEvent } from './feedback.events';
import type { InProcessQueues } from './signal-queues';
import { match } from '../../../test/fixtures/matchers';

function recordingBandit() {
  const calls: { domain: string; action: string; x: readonly number[]; reward: number }[] = [];
  const port: BanditsPort = {
    update: async (domain, action, x, reward) => {
      calls.push({ domain, action, x, reward });
    },
  };
  return { port, calls };
}

/** Ten chunks retrieved once each, ahead of the one under test (so it ranks 10th). */
function fillers(i: number): string[] {
  return Array.from({ length: 10 }, (_, k) => `filler-${i}-${k}`);
}

describe('FeedbackService', () => {
  it('A15.1 rejects reward 1.01, -0.01 or NaN and confidence 1.5, naming the field; nothing queued, counters unchanged; 0 and 1 accepted', async () => {
    const { hub, ctx, registry } = buildFeedbackHub();
    for (const [input, message] of [
      [{ componentId: 'gpt', reward: 1.01 }, 'reward must be a number in [0, 1], got 1.01'],
      [{ componentId: 'gpt', reward: -0.01 }, 'reward must be a number in [0, 1], got -0.01'],
      [{ componentId: 'gpt', reward: NaN }, 'reward must be a number in [0, 1], got NaN'],
      [{ componentId: 'gpt', reward: 0.5, confidence: 1.5 }, 'confidence must be a number in [0, 1], got 1.5'],
      [
        { componentId: 'gpt', reward: 0.5, componentType: 'gadget' },
        'componentType must be one of model, tool, agent, threshold, prompt, memory, got "gadget"',
      ],
      [
        { componentId: 'gpt', reward: 0.5, colour: 'red' },
        'colour is not a signal field (allowed: signalId, source, componentType, componentId, reward, confidence, context, metadata)',
      ],
    ] as const) {
      expect(await hub.submit(ctx, input as never)).toEqual({
        status: 'error',
        error: message,
        category: 'validation',
        retryable: false,
      });
    }
    expect(hub.queues.size('model')).toBe(0);
    expect(hub.view('acme').counts.accepted).toBe(0);
    expect(await registry.getSingleMetricAsString('feedback_signals_submitted_total')).not.toMatch(/ [1-9]\d*$/m);
    expect((await hub.submit(ctx, { componentId: 'gpt', reward: 0 })).status).toBe('ok');
    expect((await hub.submit(ctx, { componentId: 'gpt', reward: 1, confidence: 0 })).status).toBe('ok');
    expect(hub.queues.size('model')).toBe(2);
  });

  it('A15.2 each helper lands in its queue (RAG in memory), quality 1.3 clamps to 1, no quality uses success', async () => {
    const { hub, ctx } = buildFeedbackHub();
    const tool = await hub.submitTool(ctx, { toolId: 'search', success: true, qualityScore: 1.3, latencyMs: 120 });
    const agent = await hub.submitAgent(ctx, { agentId: 'planner', success: false, durationS: 3 });
    const rag = await hub.submitRag(ctx, {
      queryId: 'q-1',
      relevanceScore: 0.7,
      numResults: 4,
      chunkIds: ['c1', 'c2'],
    });
    expect([tool.status, agent.status, rag.status]).toEqual(['ok', 'ok', 'ok']);
    const queues = hub.queues as InProcessQueues;
    const [t] = queues.peek('tool');
    const [a] = queues.peek('agent');
    const [m] = queues.peek('memory');
    expect([t.reward, t.source, t.tenantId, t.context]).toEqual([
      1,
      'tool_execution',
      'acme',
      { success: true, latency_ms: 120 },
    ]);
    expect([a.reward, a.source, a.componentId]).toEqual([0, 'agent_task', 'planner']);
    expect([m.componentType, m.reward, m.source, m.context.chunk_ids]).toEqual([
      'memory',
      0.7,
      'rag_retrieval',
      ['c1', 'c2'],
    ]);
    expect(await hub.submitTool(ctx, { toolId: 'search' } as never)).toMatchObject({
      status: 'error',
      error: 'success must be a boolean, got nothing',
    });
  });

  it('A15.3 10 001 submissions to one type keep 10 000, drop the first and count feedback_dropped_total = 1', async () => {
    const { hub, ctx, registry } = buildFeedbackHub();
    for (let i = 0; i < 10_001; i++)
      await hub.submit(ctx, { signalId: `s-${i}`, componentType: 'tool', componentId: 'search', reward: 1 });
    const queue = (hub.queues as InProcessQueues).peek('tool');
    expect(queue).toHaveLength(10_000);
    expect(queue[0].signalId).toBe('s-1');
    expect(await registry.getSingleMetricAsString('feedback_dropped_total')).toContain(
      'feedback_dropped_total{component_type="tool"} 1',
    );
  });

  it('A15.4 health scores match the worked examples to 1e-9', () => {
    expect(healthOf(Array(11).fill(0.1)).healthScore).toBe(0);
    expect(healthOf([0.9, 0.8, 0.85, 0.95, 0.9]).healthScore).toBeCloseTo(0.835125, 5);
    expect(healthOf([0.9, 0.8, 0.85, 0.95, 0.9]).healthScore).toBeCloseTo(0.88 * (1 - Math.sqrt(0.0026)), 9);
    const mixed = healthOf(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 0.2 : 0.9)));
    expect(mixed.healthScore).toBeCloseTo(0.17875, 9);
    expect([mixed.avgReward, mixed.errorRate, mixed.rewardStd]).toEqual([
      match.closeTo(0.55, 9),
      0.5,
      match.closeTo(0.35, 9),
    ]);
    expect(healthOf([])).toEqual({ healthScore: 1, avgReward: 0, sampleSize: 0, errorRate: 0, rewardStd: 0 });
  });

  it('A15.4 ten rewards of 0 do not disable; the 11th disables at the next check; then a submit is skipped component_disabled', async () => {
    const { hub, ctx, emitted } = buildFeedbackHub();
    for (let i = 0; i < 10; i++) await hub.submit(ctx, { componentType: 'tool', componentId: 'flaky', reward: 0 });
    expect(hub.checkHealth()).toEqual([]);
    await hub.submit(ctx, { componentType: 'tool', componentId: 'flaky', reward: 0 });
    expect(hub.view('acme').health.state('tool', 'flaky')).toBe('enabled');
    expect(hub.checkHealth()).toEqual([
      {
        tenantId: 'acme',
        key: 'tool/flaky',
        componentType: 'tool',
        componentId: 'flaky',
        from: 'enabled',
        to: 'disabled',
        reason: 'low_health',
        health: 0,
        samples: 11,
      },
    ]);
    expect(await hub.submit(ctx, { componentType: 'tool', componentId: 'flaky', reward: 0 })).toEqual({
      status: 'skipped',
      reason: 'component_disabled',
    });
    expect(hub.queues.size('tool')).toBe(11);
    // Keyed by type/id: a model of the same name is unaffected.
    expect((await hub.submit(ctx, { componentType: 'model', componentId: 'flaky', reward: 0.9 })).status).toBe('ok');
    expect(emitted.filter((e) => e.name === FeedbackEvent.ComponentDisabled)).toHaveLength(1);
  });

  it('re-enables a disabled component after 20 good shadow samples (hysteresis), with an event', async () => {
    const { hub, ctx, emitted } = buildFeedbackHub({ disableTtlMs: 0 });
    for (let i = 0; i < 11; i++) await hub.submit(ctx, { componentType: 'agent', componentId: 'a1', reward: 0 });
    hub.checkHealth();
    for (let i = 0; i < 19; i++)
      expect((await hub.submit(ctx, { componentType: 'agent', componentId: 'a1', reward: 0.9 })).status).toBe(
        'skipped',
      );
    expect(hub.view('acme').health.state('agent', 'a1')).toBe('disabled');
    await hub.submit(ctx, { componentType: 'agent', componentId: 'a1', reward: 0.9 });
    expect(hub.view('acme').health.state('agent', 'a1')).toBe('enabled');
    expect(hub.view('acme').health.details('agent', 'a1')).toMatchObject({
      sampleSize: 20,
      healthScore: match.closeTo(0.9, 9),
    });
    expect(emitted.find((e) => e.name === FeedbackEvent.ComponentReenabled)?.payload).toMatchObject({
      from: 'disabled',
      to: 'enabled',
      reason: 'shadow_recovered',
    });
    expect((await hub.submit(ctx, { componentType: 'agent', componentId: 'a1', reward: 0.9 })).status).toBe('ok');
  });

  it('puts a disabled component on probation after the TTL; bad rewards there disable it again', async () => {
    const { hub, ctx, clock } = buildFeedbackHub({ disableTtlMs: 60_000 });
    for (let i = 0; i < 11; i++) await hub.submit(ctx, { componentType: 'prompt', componentId: 'p1', reward: 0.1 });
    hub.checkHealth();
    clock.advance(59_999);
    expect(hub.checkHealth()).toEqual([]);
    clock.advance(1);
    expect(hub.checkHealth()).toMatchObject([{ from: 'disabled', to: 'probation', reason: 'ttl_expired' }]);
    expect((await hub.submit(ctx, { componentType: 'prompt', componentId: 'p1', reward: 0.1 })).status).toBe('ok');
    for (let i = 0; i < 10; i++) await hub.submit(ctx, { componentType: 'prompt', componentId: 'p1', reward: 0.1 });
    expect(hub.checkHealth()).toMatchObject([{ from: 'probation', to: 'disabled' }]);
  });

  it('clears a disabled component by hand; clearing an enabled one reports false', async () => {
    const { hub, ctx } = buildFeedbackHub();
    for (let i = 0; i < 11; i++) await hub.submit(ctx, { componentType: 'tool', componentId: 't', reward: 0 });
    hub.checkHealth();
    expect(await hub.clearDisabled('acme', 'tool', 't')).toBe(true);
    expect(hub.view('acme').health.state('tool', 't')).toBe('enabled');
    expect(hub.checkHealth()).toEqual([]);
    expect(await hub.clearDisabled('acme', 'tool', 't')).toBe(false);
  });

  it('A15.5 the reward EMA of rewards 1.0 then 0.0 is 0.9, updated once per signal (drain does not count it again)', async () => {
    const { hub, ctx } = buildFeedbackHub();
    await hub.submit(ctx, { componentType: 'tool', componentId: 'x', reward: 1 });
    await hub.submit(ctx, { componentType: 'tool', componentId: 'x', reward: 0 });
    await hub.drainOnce();
    expect(hub.view('acme').health.ema('tool', 'x')).toBeCloseTo(0.9, 12);
  });

  it('dedupes by signalId: a resubmitted id is acknowledged but not queued or counted twice', async () => {
    const { hub, ctx, registry } = buildFeedbackHub();
    expect(await hub.submit(ctx, { signalId: 'abc', componentId: 'm', reward: 1 })).toMatchObject({
      status: 'ok',
      data: { queued: true, duplicate: false, queueSize: 1 },
    });
    expect(await hub.submit(ctx, { signalId: 'abc', componentId: 'm', reward: 0 })).toEqual({
      status: 'ok',
      data: { signalId: 'abc', componentType: 'model', queued: false, duplicate: true, queueSize: 1 },
    });
    expect(hub.view('acme').counts.accepted).toBe(1);
    expect(hub.view('acme').health.details('model', 'm')?.sampleSize).toBe(1);
    expect(await registry.getSingleMetricAsString('feedback_signals_submitted_total')).toContain(
      'feedback_signals_submitted_total{source="trajectory",component_type="model",outcome="duplicate"} 1',
    );
  });

  it('A15.6 drains 25 model signals 10 per tick into the bandit with reward × confidence and the default 10-dim vector', async () => {
    const bandit = recordingBandit();
    const { hub, ctx } = buildFeedbackHub({ batchSize: 10 }, new Map([[BANDITS, bandit.port]]));
    for (let i = 0; i < 25; i++) await hub.submit(ctx, { componentId: 'gpt-4', reward: 0.8, confidence: 0.5 });
    await hub.drainOnce();
    expect(hub.queues.size('model')).toBe(15);
    await hub.drainOnce();
    await hub.drainOnce();
    expect(hub.queues.size('model')).toBe(0);
    expect(bandit.calls).toHaveLength(25);
    expect(bandit.calls[0]).toEqual({
      domain: 'model_routing',
      action: 'gpt-4',
      x: [0.5, 0.5, 0.5, 0.1, 1, 0.5, 0, 0.25, 0.1, 0.5],
      reward: 0.4,
    });
    expect(hub.view('acme').counts.processed).toBe(25);
  });

  it('keeps model signals queued while no bandits provider exists', async () => {
    const { hub, ctx } = buildFeedbackHub();
    await hub.submit(ctx, { componentId: 'gpt-4', reward: 0.8 });
    await hub.submit(ctx, { componentType: 'tool', componentId: 'search', reward: 0.8 });
    expect(await hub.drainOnce()).toBe(1);
    expect([hub.queues.size('model'), hub.queues.size('tool')]).toEqual([1, 0]);
  });

  it('feeds the default sinks: tool stats, prompt A/B stats, threshold stats and RAG chunks', async () => {
    const { hub, ctx } = buildFeedbackHub();
    await hub.submitTool(ctx, { toolId: 'search', success: true, latencyMs: 200, qualityScore: 0.9 });
    await hub.submit(ctx, {
      componentType: 'prompt',
      componentId: 'v1',
      reward: 0.6,
      context: { latency_ms: 1000, cost_usd: 0.01 },
    });
    await hub.submit(ctx, {
      componentType: 'threshold',
      componentId: 'cfg-1',
      reward: 0.7,
      context: { content_type: 'video', bypassed: true },
    });
    await hub.submitRag(ctx, { queryId: 'q', relevanceScore: 0.4, chunkIds: ['c1'] });
    expect(await hub.drainOnce()).toBe(4);
    expect(hub.view('acme').learning.tools.get('search')).toMatchObject({
      samples: 1,
      successRate: 1,
      latencyMs: 200,
      reward: 0.9,
    });
    expect(hub.view('acme').learning.prompts.get('v1')).toMatchObject({
      samples: 1,
      quality: 0.6,
      latencyMs: 1000,
      costUsd: 0.01,
    });
    expect(hub.view('acme').learning.thresholds.get('video')).toMatchObject({
      avgQuality: 0.7,
      bypassCount: 1,
      processCount: 0,
    });
    expect(hub.view('acme').learning.rag.get('c1')).toMatchObject({ relevance: 0.4, position: 0, retrievalCount: 1 });
  });

  it('dead-letters a signal whose sink throws, counts it, and goes on with the next', async () => {
    const { hub, ctx, registry, emitted } = buildFeedbackHub();
    const seen: string[] = [];
    hub.registerSink('agent', {
      ready: () => true,
      accept: (s: FeedbackSignal) => {
        if (s.componentId === 'bad') throw new Error('learner down');
        seen.push(s.componentId);
      },
    });
    await hub.submit(ctx, { signalId: 'x1', componentType: 'agent', componentId: 'bad', reward: 1 });
    await hub.submit(ctx, { signalId: 'x2', componentType: 'agent', componentId: 'good', reward: 1 });
    await hub.drainOnce();
    expect(seen).toEqual(['good']);
    expect(hub.view('acme').recentDeadLetters()).toEqual([
      { signal: match.objectContaining({ signalId: 'x1' }), error: 'learner down', failedAt: hub.now() },
    ]);
    expect([hub.view('acme').counts.processed, hub.view('acme').counts.deadLettered]).toEqual([1, 1]);
    expect(await registry.getSingleMetricAsString('feedback_sink_failures_total')).toContain(
      'feedback_sink_failures_total{component_type="agent"} 1',
    );
    expect(await registry.getSingleMetricAsString('feedback_dead_letters')).toContain('feedback_dead_letters 1');
    expect(emitted.some((e) => e.name === FeedbackEvent.DeadLettered)).toBe(true);
  });

  it('a throwing event listener does not break a submit', async () => {
    const { hub, ctx, events } = buildFeedbackHub();
    events.on(FeedbackEvent.Queued, () => {
      throw new Error('listener bug');
    });
    expect((await hub.submit(ctx, { componentId: 'm', reward: 1 })).status).toBe('ok');
  });

  it('A15.10 consolidates when RAG quality degrades: 20 RAG signals averaging 0.5 → one consolidation, low-quality chunks pruned', async () => {
    const { hub, lifecycle, ctx, clock } = buildFeedbackHub({ batchSize: 100 });
    expect(await lifecycle.consolidate('acme')).toEqual({ consolidated: false, reason: 'insufficient_samples' });
    for (let i = 0; i < 20; i++)
      await hub.submitRag(ctx, {
        queryId: `q${i}`,
        relevanceScore: i % 2 === 0 ? 0.1 : 0.9,
        chunkIds: i % 2 === 0 ? [...fillers(i), 'stale'] : [`fresh-${i}`],
      });
    await hub.drainOnce();
    clock.advance(90 * 86_400_000);
    const outcome = await lifecycle.consolidate('acme');
    expect(outcome).toEqual({
      consolidated: true,
      reason: 'quality_degradation (avg=0.500)',
      pruned: ['stale'],
      ragAverage: match.closeTo(0.5, 9),
      ragSignals: 20,
    });
    expect([hub.view('acme').consolidations, hub.view('acme').lastConsolidation]).toEqual([1, clock.now()]);
    expect(hub.view('acme').learning.rag.get('stale')).toBeUndefined();
    expect(await lifecycle.consolidate('acme')).toEqual({ consolidated: false, reason: 'no_memory_signals' });
  });

  it('skips consolidation when the RAG signals since the last run are good enough', async () => {
    const { hub, lifecycle, ctx } = buildFeedbackHub({ batchSize: 100 });
    for (let i = 0; i < 20; i++) await hub.submitRag(ctx, { queryId: `q${i}`, relevanceScore: 0.55 });
    await hub.drainOnce();
    for (let i = 0; i < 20; i++) await hub.submitRag(ctx, { queryId: `r${i}`, relevanceScore: 0.95 });
    expect(await lifecycle.consolidate('acme')).toEqual({ consolidated: false, reason: 'quality_acceptable' });
  });
});
