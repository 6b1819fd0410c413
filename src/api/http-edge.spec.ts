import { EdgeFastifyAdapter, schemaErrorMessage } from './http-edge';
import { traceIdFrom } from './request-context';

describe('schemaErrorMessage', () => {
  it.each([
    [{ instancePath: '', keyword: 'type', params: { type: 'object' } }, 'body must be an object'],
    [{ instancePath: '/input', keyword: 'type', params: { type: 'object' } }, 'input must be an object'],
    [
      { instancePath: '/context/tenantId', keyword: 'type', params: { type: 'string' } },
      'context.tenantId must be a string',
    ],
    [
      { instancePath: '/context', keyword: 'additionalProperties', params: { additionalProperty: 'tenant' } },
      'context.tenant is not an allowed field',
    ],
    [
      { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'inputs' } },
      'inputs is not an allowed field',
    ],
    [
      { instancePath: '/layer', keyword: 'enum', params: { allowedValues: ['domain', 'application'] } },
      'layer must be one of: domain, application',
    ],
    [{ instancePath: '/n', keyword: 'maximum', params: {}, message: 'must be <= 3' }, 'n must be <= 3'],
  ])('%j → %s', (error, message) => {
    expect(schemaErrorMessage('body', error)).toBe(message);
  });
});

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

describe('EdgeFastifyAdapter', () => {
  it('does not register Nest’s copy of a POST route served directly, and registers the others', () => {
    const adapter = new EdgeFastifyAdapter({});
    adapter.directPostRoutes.add('/direct/:name');
    adapter.post('/direct/:name', () => 'nest');
    adapter.post('/other', () => 'nest');
    const fastify = adapter.getInstance();
    expect(fastify.hasRoute({ method: 'POST', url: '/direct/:name' })).toBe(false);
    expect(fastify.hasRoute({ method: 'POST', url: '/other' })).toBe(true);
  });
});
