import { setTimeout as sleep } from 'node:timers/promises';
import { sequentialIds } from '../runtime/id-generator';
import { currentContext, runWithContext } from './context-storage';
import { OrchestrationContext } from './orchestration-context';

describe(OrchestrationContext.name, () => {
  describe('create', () => {
    it('fills defaults from the id generator', () => {
      const sut = OrchestrationContext.create({}, sequentialIds('r'));
      expect(sut.toJSON()).toEqual({
        tenantId: 'default',
        workspaceId: 'default',
        requestId: 'r-1',
        traceId: '2'.padStart(32, '0'),
        metadata: {},
        parentOrchestrator: null,
        orchestrationDepth: 0,
        aborted: false,
      });
    });

    it('copies the metadata it is given', () => {
      const metadata = { list: [1, 2] };
      const sut = OrchestrationContext.create({ metadata });
      metadata.list.push(3);
      expect(sut.metadata).toEqual({ list: [1, 2] });
    });
  });

  describe('createChild', () => {
    it('keeps tenant, workspace, trace and signal; increments depth at each level', () => {
      const controller = new AbortController();
      const root = OrchestrationContext.create(
        { tenantId: 't', workspaceId: 'w', signal: controller.signal },
        sequentialIds(),
      );
      const sut = root.createChild('a').createChild('b');
      expect([sut.tenantId, sut.workspaceId, sut.traceId, sut.parentOrchestrator, sut.orchestrationDepth]).toEqual([
        't',
        'w',
        root.traceId,
        'b',
        2,
      ]);
      controller.abort();
      expect(sut.signal.aborted).toBe(true);
    });

    it("keeps the caller's W3C trace context, as withSignal does", () => {
      const traceContext = {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        tracestate: 'a=1',
      };
      const root = OrchestrationContext.create({ traceContext }, sequentialIds());
      const sut = root.createChild('a');
      expect([sut.traceContext, sut.withSignal(new AbortController().signal).traceContext]).toEqual([
        traceContext,
        traceContext,
      ]);
      expect(sut.toJSON()).not.toHaveProperty('traceContext');
    });

    it('keeps values structuredClone cannot copy by reference', () => {
      const fn = () => 1;
      const sut = OrchestrationContext.create({ metadata: { fn } }).createChild('p');
      expect(sut.metadata.fn).toBe(fn);
    });
  });

  describe('currentContext', () => {
    it('is the running context across awaits and timers, and undefined outside', async () => {
      const ctx = OrchestrationContext.create({ requestId: 'als-1' });
      expect(currentContext()).toBeUndefined();
      const seen = await runWithContext(ctx, async () => {
        await sleep(1);
        const afterTimer = currentContext()?.requestId;
        const inner = await Promise.all([1, 2].map(async () => (await Promise.resolve(), currentContext()?.requestId)));
        return [afterTimer, ...inner];
      });
      expect(seen).toEqual(['als-1', 'als-1', 'als-1']);
      expect(currentContext()).toBeUndefined();
    });
  });
});
