import type { ApiKeyView } from '../infrastructure/security/keys/api-key.record';
import { describeKey, keyTable, printable, timeOf } from './keys-format';

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);

const view = (fields: Partial<ApiKeyView> = {}): ApiKeyView => ({
  prefix: 'ck_0123456789abcdef',
  tenantId: 'acme',
  name: 'ci',
  roles: ['user'],
  scopes: [],
  attributes: {},
  createdAt: T0,
  createdBy: 'cli:ops',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  replacedBy: null,
  status: 'active',
  ...fields,
});

describe(keyTable.name, () => {
  it('aligns one line a key under the headers, with never / - for the times that are not set', () => {
    const table = keyTable([
      view(),
      view({
        prefix: 'ck_fedcba9876543210',
        tenantId: 'default',
        name: 'a name that is longer than the column',
        roles: ['admin', 'ops'],
        expiresAt: T0 + 86_400_000,
        lastUsedAt: T0 + 1000,
        revokedAt: T0 + 2000,
        status: 'revoked',
      }),
    ]);
    expect(table.split('\n')).toEqual([
      'KEY ID               TENANT   NAME                      ROLES      CREATED               EXPIRES               LAST USED             REVOKED               STATUS',
      'ck_0123456789abcdef  acme     ci                        user       2026-12-07T10:00:00Z  never                 -                     -                     active',
      'ck_fedcba9876543210  default  a name that is longer t…  admin,ops  2026-12-07T10:00:00Z  2026-12-08T10:00:00Z  2026-12-07T10:00:01Z  2026-12-07T10:00:02Z  revoked',
      '',
    ]);
  });

  it('says so when there is no key', () => {
    expect(keyTable([])).toBe('No keys.\n');
  });
});

describe(describeKey.name, () => {
  it('states the grants and the expiry', () => {
    expect(describeKey(view())).toBe(
      'ck_0123456789abcdef "ci" of tenant "acme": roles user; scopes none; expires never',
    );
    expect(
      describeKey(
        view({ scopes: ['reports.read'], attributes: { riskTier: 'medium', channel: 'ops' }, expiresAt: T0 }),
      ),
    ).toBe(
      'ck_0123456789abcdef "ci" of tenant "acme": roles user; scopes reports.read; attributes riskTier=medium, ' +
        'channel=ops; expires 2026-12-07T10:00:00Z',
    );
  });
});

describe(printable.name, () => {
  it('replaces control characters, which could rewrite the terminal', () => {
    expect(printable('ci\u001b[2J\nbot\u009b')).toBe('ci?[2J?bot?');
    expect(keyTable([view({ name: 'a\rb' })])).toContain('  a?b  ');
  });
});

describe(timeOf.name, () => {
  it('gives UTC to the second, or the fallback', () => {
    expect(timeOf(T0 + 999)).toBe('2026-12-07T10:00:00Z');
    expect(timeOf(null)).toBe('-');
    expect(timeOf(null, 'never')).toBe('never');
  });
});
