import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { Principal } from '../security/principal';
import { requestTenant, tenantFromHeader, type ActingForTenant } from './request-tenant';

const principal = (tenantId: string, mayActForOtherTenants = false): Principal => ({
  tenantId,
  keyId: 'ck_test',
  roles: ['user'],
  scopes: [],
  attributes: {},
  mayActForOtherTenants,
});

describe('requestTenant', () => {
  it("is the principal's tenant when the request names none or the same one", () => {
    const raw: ActingForTenant = {};
    expect([requestTenant(principal('acme'), undefined, raw), requestTenant(principal('acme'), 'acme', raw)]).toEqual([
      'acme',
      'acme',
    ]);
    expect(raw.actingForTenant).toBeUndefined();
  });

  it('refuses another tenant with a 403 unless the principal may act for other tenants', () => {
    const raw: ActingForTenant = {};
    expect(() => requestTenant(principal('acme'), 'globex', raw)).toThrow(
      new ForbiddenException('this API key belongs to tenant "acme" and may not act for tenant "globex"'),
    );
    expect(raw.actingForTenant).toBeUndefined();
  });

  it('lets an admin act for another tenant and notes it for the audit log', () => {
    const raw: ActingForTenant = {};
    expect(requestTenant(principal('default', true), 'globex', raw)).toBe('globex');
    expect(raw.actingForTenant).toBe('globex');
  });

  it('without a principal (authentication off) uses the named tenant, else the default (undefined)', () => {
    expect([requestTenant(undefined, 'acme:eu-1', {}), requestTenant(undefined, undefined, {})]).toEqual([
      'acme:eu-1',
      undefined,
    ]);
  });
});

describe('tenantFromHeader', () => {
  it('returns the x-tenant-id header, undefined without it', () => {
    expect([tenantFromHeader('acme:eu-1'), tenantFromHeader(undefined)]).toEqual(['acme:eu-1', undefined]);
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
