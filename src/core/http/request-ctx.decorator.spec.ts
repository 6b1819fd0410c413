import { Controller, Get } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { tracked } from '../../../test/fixtures/boot';
import type { OrchestrationContext } from '../context/orchestration-context';
import { ID_GENERATOR, type IdGenerator } from '../runtime/id-generator';
import { RequestCtx } from './request-ctx.decorator';

const fixedIds: IdGenerator = { uuid: () => 'generated-id', traceId: () => 'f'.repeat(32) };

@Controller('probe')
class ProbeController {
  @Get()
  context(@RequestCtx() ctx: OrchestrationContext): Record<string, unknown> {
    return ctx.toJSON();
  }
}

async function boot(): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({
    controllers: [ProbeController],
    providers: [{ provide: ID_GENERATOR, useValue: fixedIds }],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('RequestCtx', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await tracked(boot());
  });
  afterAll(() => app?.close());

  const probe = async (headers: Record<string, string> = {}) => {
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/probe', headers });
    return { statusCode: res.statusCode, body: res.json<Record<string, unknown>>() };
  };

  it('builds a root context with the defaults when the request carries nothing', async () => {
    expect(await probe()).toEqual({
      statusCode: 200,
      body: {
        tenantId: 'default',
        workspaceId: 'default',
        requestId: 'generated-id',
        traceId: 'ffffffffffffffffffffffffffffffff',
        metadata: {},
        parentOrchestrator: null,
        orchestrationDepth: 0,
        aborted: false,
      },
    });
  });

  it('takes the request id from x-request-id', async () => {
    expect((await probe({ 'x-request-id': 'req-42' })).body.requestId).toBe('req-42');
  });

  it('generates the request id when x-request-id is not a valid id', async () => {
    expect((await probe({ 'x-request-id': 'bad id\u0007' })).body.requestId).toBe('generated-id');
  });

  it('takes the trace id from a valid traceparent', async () => {
    const { body } = await probe({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    expect(body.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('generates the trace id when traceparent is invalid', async () => {
    const { body } = await probe({ traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' });
    expect(body.traceId).toBe('ffffffffffffffffffffffffffffffff');
  });

  it('takes the tenant from x-tenant-id', async () => {
    expect((await probe({ 'x-tenant-id': 'acme' })).body.tenantId).toBe('acme');
  });

  it('answers 400 naming x-tenant-id when the tenant is malformed', async () => {
    expect(await probe({ 'x-tenant-id': 'a b' })).toEqual({
      statusCode: 400,
      body: { statusCode: 400, error: 'Bad Request', message: 'x-tenant-id must be 1-128 letters, digits or . _ : -' },
    });
  });
});
