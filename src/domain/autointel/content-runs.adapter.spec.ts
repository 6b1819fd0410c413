import { OrchestrationContext } from '../../core/context/orchestration-context';
import { fail, ok } from '../../core/result/step-result';
import { sequentialIds } from '../../core/runtime/id-generator';
import type { AutointelService, StartRun } from './autointel.service';
import type { RunRecord } from './autointel.types';
import { AutointelContentRuns } from './content-runs.adapter';

function fakeAutointel(answer: (r: StartRun) => ReturnType<AutointelService['start']>) {
  const calls: { request: StartRun; origin: OrchestrationContext }[] = [];
  const service = {
    start: (request: StartRun, origin: OrchestrationContext) => {
      calls.push({ request, origin });
      return answer(request);
    },
  };
  return { calls, service: service as unknown as AutointelService };
}

const ctx = () =>
  OrchestrationContext.create({ tenantId: 'acme', workspaceId: 'news', requestId: 'req-1' }, sequentialIds('c'));

describe(AutointelContentRuns.name, () => {
  describe('start', () => {
    it('starts an autointel run for the context tenant and workspace with the request mode and depth', async () => {
      const { calls, service } = fakeAutointel(async (r) =>
        ok({ workflowId: 'run-1', status: 'queued', url: r.url } as unknown as RunRecord),
      );
      const sut = new AutointelContentRuns(service);
      const origin = ctx();

      const result = await sut.start(origin, { url: 'https://example.org/v/1', mode: 'enhanced', depth: 'deep' });

      expect(result).toEqual({ status: 'ok', data: { runId: 'run-1', status: 'queued' } });
      expect(calls).toHaveLength(1);
      expect(calls[0].request).toEqual({
        url: 'https://example.org/v/1',
        mode: 'enhanced',
        depth: 'deep',
        tenantId: 'acme',
        workspaceId: 'news',
      });
      expect(calls[0].origin).toBe(origin);
    });

    it('returns the unavailable error unchanged when the run queue is full', async () => {
      const full = fail('unavailable', 'the run queue is full: 5 waiting to start, autointel.maxQueued is 5');
      const { service } = fakeAutointel(async () => full);
      const sut = new AutointelContentRuns(service);

      const result = await sut.start(ctx(), { url: 'https://example.org/v/2', mode: 'fallback', depth: 'standard' });

      expect(result).toEqual({
        status: 'error',
        category: 'unavailable',
        retryable: true,
        error: 'the run queue is full: 5 waiting to start, autointel.maxQueued is 5',
      });
    });
  });
});
