import { BadRequestException } from '@nestjs/common';
import { requestTenant, tenantFromHeader } from './request-tenant';

describe('requestTenant', () => {
  it('returns the x-tenant-id header', () => {
    expect(requestTenant({ 'x-tenant-id': 'acme:eu-1' })).toBe('acme:eu-1');
  });

  it('returns undefined (the default tenant) without the header', () => {
    expect(requestTenant({})).toBeUndefined();
  });

  it.each([['a b'], [''], ['x'.repeat(129)], ['acme, globex'], [['acme', 'globex']]])(
    'rejects %j with a 400 naming x-tenant-id',
    (header) => {
      const thrown = (() => {
        try {
          return tenantFromHeader(header);
        } catch (e) {
          return e;
        }
      })();
      expect(thrown).toBeInstanceOf(BadRequestException);
      expect([(thrown as BadRequestException).getStatus(), (thrown as BadRequestException).message]).toEqual([
        400,
        'x-tenant-id must be 1-128 letters, digits or . _ : -',
      ]);
    },
  );
});
