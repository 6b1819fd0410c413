import { EdgeFastifyAdapter, schemaErrorMessage } from './http-edge';

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
