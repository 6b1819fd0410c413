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
});
