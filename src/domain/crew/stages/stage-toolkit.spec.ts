import { stageLibrary } from '../../../../test/fixtures/stage-deps';
import { ManualClock } from '../../../core/runtime/clock';
import { StageToolkit } from './stage-toolkit';
import type { StageRun } from './stage.types';

const RUN: StageRun = {
  workflowId: 'wf-1',
  url: 'https://example.org/talk',
  depth: 'standard',
  tenantId: 'acme',
  workspaceId: 'news',
};

describe(StageToolkit.name, () => {
  describe('create with settled results', () => {
    it('runs none of the settled stages again and hands their results to the stages that read them', async () => {
      const clock = new ManualClock(Date.UTC(2026, 11, 1));
      const sut = stageLibrary(clock);
      const first = sut.factory.create(RUN);
      await first.deception();
      const settled = first.results();
      expect(Object.keys(settled).sort()).toEqual(['S1', 'S2', 'S3', 'S4', 'S6']);
      const writesBefore = sut.memories.writes.length;

      const resumed = sut.factory.create({ ...RUN, settled });
      const knowledge = await resumed.knowledge();

      expect(knowledge.status).toBe('ok');
      expect(sut.pipelineCalls).toHaveLength(1);
      expect(await resumed.acquisition()).toBe(settled.S1);
      expect(Object.keys(resumed.results()).sort()).toEqual(['S1', 'S2', 'S3', 'S4', 'S6', 'S7']);
      // S7's own writes, once: S1's pipeline write is not repeated.
      expect(sut.memories.writes.slice(writesBefore).map((w) => w.kind)).toEqual(['vector', 'graph', 'continual']);
    });
  });
});
