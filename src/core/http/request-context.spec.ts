import { EventEmitter } from 'node:events';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdGenerator } from '../runtime/id-generator';
import { contextForRequest, traceIdFrom } from './request-context';

const fixedIds: IdGenerator = { uuid: () => 'generated-id', traceId: () => 'f'.repeat(32) };

/** A request and reply with just what `contextForRequest` reads: headers, the raw id, the raw response. */
function exchange(headers: Record<string, string> = {}, rawId?: string) {
  const res = Object.assign(new EventEmitter(), { closed: false, writableFinished: false });
  const req = { headers, raw: { id: rawId } } as unknown as FastifyRequest;
  const reply = { raw: res } as unknown as FastifyReply;
  return { req, reply, res };
}

describe('traceIdFrom', () => {
  it.each([
    ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['00-00000000000000000000000000000000-00f067aa0ba902b7-01', undefined],
    ['garbage', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, traceId) => {
    expect(traceIdFrom(header)).toBe(traceId);
  });
});

describe('contextForRequest', () => {
  it('uses the id the HTTP edge gave the request, ahead of the header', () => {
    const { req, reply } = exchange({ 'x-request-id': 'from-header' }, 'from-edge');
    expect(contextForRequest(req, reply, undefined, fixedIds).requestId).toBe('from-edge');
  });

  it('keeps a valid W3C traceparent and its tracestate as the trace context, and none for an invalid one', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const valid = exchange({ traceparent, tracestate: 'vendor=1' });
    const invalid = exchange({ traceparent: 'garbage', tracestate: 'vendor=1' });
    expect([
      contextForRequest(valid.req, valid.reply, undefined, fixedIds).traceContext,
      contextForRequest(invalid.req, invalid.reply, undefined, fixedIds).traceContext,
      contextForRequest(exchange().req, exchange().reply, undefined, fixedIds).traceContext,
    ]).toEqual([{ traceparent, tracestate: 'vendor=1' }, undefined, undefined]);
  });

  it('lets explicit fields win over the request', () => {
    const { req, reply } = exchange({ 'x-request-id': 'from-header' }, 'from-edge');
    const sut = contextForRequest(req, reply, { tenantId: 'acme', workspaceId: 'ws', requestId: 'given' }, fixedIds);
    expect([sut.tenantId, sut.workspaceId, sut.requestId]).toEqual(['acme', 'ws', 'given']);
  });

  it('aborts the signal when the response closes before it was written, not after', () => {
    const gone = exchange();
    const sut = contextForRequest(gone.req, gone.reply, undefined, fixedIds);
    expect(sut.signal.aborted).toBe(false);
    gone.res.emit('close');
    expect([sut.signal.aborted, (sut.signal.reason as Error).message]).toEqual([true, 'client disconnected']);

    const done = exchange();
    const finished = contextForRequest(done.req, done.reply, undefined, fixedIds);
    expect(finished.signal.aborted).toBe(false);
    done.res.writableFinished = true;
    done.res.emit('close');
    expect(finished.signal.aborted).toBe(false);
  });
});
