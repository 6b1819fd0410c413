import type { ComponentType, FeedbackSignal } from '../../core/ports/feedback.port';
import { LearningState } from './feedback-sinks';

function signal(componentType: ComponentType, componentId: string, timestamp: number, context = {}): FeedbackSignal {
  return {
    signalId: `${componentId}-${timestamp}`,
    tenantId: 't',
    source: 'user_explicit',
    componentType,
    componentId,
    reward: 0.8,
    confidence: 1,
    context,
    metadata: {},
    timestamp,
  };
}

describe(LearningState.name, () => {
  describe('sinks', () => {
    it('times tool, agent and chunk statistics by the signal timestamp, not by the delivery', async () => {
      const sut = new LearningState();
      const sinks = sut.sinks();
      await sinks.tool.accept(signal('tool', 'search', 1000));
      await sinks.agent.accept(signal('agent', 'writer', 2000));
      await sinks.memory.accept(signal('memory', 'q', 3000, { chunk_ids: ['c1'] }));
      expect(sut.tools.get('search')?.lastUpdated).toBe(1000);
      expect(sut.agents.get('writer')?.lastUpdated).toBe(2000);
      expect(sut.rag.get('c1')).toEqual({ relevance: 0.8, position: 0, retrievalCount: 1, firstSeenAt: 3000 });
    });
  });

  describe('snapshot', () => {
    it('holds each statistic in its durable form', async () => {
      const sut = new LearningState();
      await sut.sinks().tool.accept(signal('tool', 'search', 1000, { success: true }));
      expect(sut.snapshot()).toEqual({
        tools: { stats: [['search', { samples: 1, successRate: 1, reward: 0.8, lastUpdated: 1000 }]] },
        agents: { stats: [] },
        prompts: { variants: [] },
        thresholds: { types: [] },
        rag: { chunks: [], trend: [] },
      });
    });
  });

  describe('restore', () => {
    it('gives back the same statistics', async () => {
      const sut = new LearningState();
      const sinks = sut.sinks();
      await sinks.agent.accept(signal('agent', 'writer', 2000, { duration_s: 3 }));
      await sinks.prompt.accept(signal('prompt', 'v1', 2500));
      await sinks.threshold.accept(signal('threshold', 'video', 2600, { bypassed: true }));
      await sinks.memory.accept(signal('memory', 'q', 3000, { chunk_ids: ['c1', 'c2'] }));
      const restored = LearningState.restore(JSON.parse(JSON.stringify(sut.snapshot())));
      expect(restored.snapshot()).toEqual(sut.snapshot());
      expect(restored.agents.get('writer')).toEqual({
        samples: 1,
        successRate: 1,
        latencyMs: 3000,
        reward: 0.8,
        lastUpdated: 2000,
      });
    });

    it('throws naming the field on garbage', () => {
      const empty = new LearningState().snapshot();
      expect(() => LearningState.restore({ ...empty, agents: null })).toThrow(
        'snapshot field agents must be an object, got null',
      );
      expect(() => LearningState.restore({ ...empty, tools: { stats: [['a', { samples: 1 }]] } })).toThrow(
        'snapshot field tools.stats[0][1].successRate must be a finite number, got nothing',
      );
    });
  });
});
