import { OrchestrationContext } from '../context/orchestration-context';
import { fail, ok } from '../result/step-result';
import { completedFields, inputKeys, startedFields } from './orchestration-log';

describe('orchestration log fields', () => {
  const ctx = OrchestrationContext.create({ tenantId: 't1', requestId: 'r1', traceId: 'f'.repeat(32) }).createChild(
    'parent',
  );

  it("lists the caller's input keys minus the reserved ones", () => {
    expect(inputKeys({ url: 'x', depth: 2, tenant_id: 'spoof', msg: 'm', event: 'e', quality: 1 })).toEqual([
      'url',
      'quality',
    ]);
  });

  it('builds the orchestration_started line', () => {
    expect(startedFields('echo', 'domain', ctx, { url: 'x', requestId: 'no' })).toEqual({
      event: 'orchestration_started',
      orchestrator: 'echo',
      layer: 'domain',
      tenant_id: 't1',
      request_id: 'r1',
      trace_id: 'f'.repeat(32),
      depth: 1,
      input_keys: ['url'],
    });
  });

  it('builds the orchestration_completed line, with the category of an error', () => {
    expect(completedFields('echo', 'domain', ctx, ok(1), 1.23456)).toMatchObject({
      event: 'orchestration_completed',
      status: 'ok',
      duration_ms: 1.235,
    });
    expect(completedFields('echo', 'domain', ctx, fail('timeout', 'slow'), 5)).toMatchObject({
      status: 'error',
      category: 'timeout',
      error: 'slow',
      depth: 1,
    });
  });
});
