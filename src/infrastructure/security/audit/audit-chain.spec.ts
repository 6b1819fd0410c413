import { canonicalJson, storableText, toJsonValue } from './audit-canonical';
import {
  canonicalRow,
  chain,
  GENESIS_HASH,
  MAX_EXTRA_LENGTH,
  MAX_TEXT_LENGTH,
  rowHash,
  toAuditEntry,
} from './audit-chain';
import type { AuditEvent } from '../../../core/ports/audit-log.port';
import type { AuditEntry } from './audit.types';

const AT = Date.UTC(2026, 11, 7, 10, 0, 0);

const EVENT: AuditEvent = {
  actor: 'key_1',
  action: 'auth_failure',
  resource: '/v1/runs',
  decision: 'deny',
  severity: 'medium',
};

const ENTRY: AuditEntry = {
  ts: '2026-12-07T10:00:00.000Z',
  tenantId: null,
  actor: 'key_1',
  action: 'auth_failure',
  resource: '/v1/runs',
  decision: 'deny',
  reason: null,
  severity: 'medium',
  requestId: null,
  extra: {},
};

describe('canonicalJson', () => {
  it('sorts object keys by code unit at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null }, B: 'x' })).toBe('{"B":"x","a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('writes -0 as 0 and non-finite numbers as null, and leaves out undefined members', () => {
    expect(canonicalJson({ z: -0, n: NaN, i: Infinity, u: undefined } as never)).toBe('{"i":null,"n":null,"z":0}');
  });
});

describe('toJsonValue', () => {
  it('turns dates into ISO strings, bigints into decimal strings and drops functions and symbols', () => {
    expect(toJsonValue({ d: new Date(AT), big: 12345678901234567890n, f: () => 1, s: Symbol('x') })).toEqual({
      d: '2026-12-07T10:00:00.000Z',
      big: '12345678901234567890',
    });
  });

  it('writes a cycle as [circular] but a shared object twice', () => {
    const shared = { k: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    expect(toJsonValue(cyclic)).toEqual({ shared: { k: 1 }, again: { k: 1 }, self: '[circular]' });
  });

  it('cuts nesting deeper than 16 levels', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = [deep];
    let level = toJsonValue(deep);
    for (let i = 0; i < 16; i++) level = (level as unknown[])[0] as never;
    expect(level).toBe('[depth limit]');
  });

  it('keeps a __proto__ key as an own key', () => {
    const value = toJsonValue(JSON.parse('{"__proto__":{"admin":true}}')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(canonicalJson(value as never)).toBe('{"__proto__":{"admin":true}}');
  });
});

describe('storableText', () => {
  it('replaces NUL and unpaired surrogates with U+FFFD and keeps pairs', () => {
    expect(storableText('a\u0000b\uD800c\uDC00d\uD83D\uDE00')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uD83D\uDE00');
  });
});

describe('canonicalRow', () => {
  it('encodes the version, seq and fields in a fixed order, absent fields as null', () => {
    expect(canonicalRow(1, ENTRY)).toBe(
      '[1,1,"2026-12-07T10:00:00.000Z",null,"key_1","auth_failure","/v1/runs","deny",null,"medium",null,{}]',
    );
  });
});

describe('rowHash', () => {
  it('is the SHA-256 of the previous hash, a newline and the canonical row', () => {
    // sha256sum of "0…0\n" + the canonical row above, computed outside this code.
    expect(rowHash(GENESIS_HASH, 1, ENTRY)).toBe('a2cd3e01e4577e82cb9d35b5c2378bb830f8d73bf5ca98a13c5e8ac0769c4bc0');
  });

  it('changes with any field, the seq and the previous hash', () => {
    const base = rowHash(GENESIS_HASH, 1, ENTRY);
    expect(rowHash(GENESIS_HASH, 1, { ...ENTRY, reason: '' })).not.toBe(base);
    expect(rowHash(GENESIS_HASH, 1, { ...ENTRY, extra: { a: 1 } })).not.toBe(base);
    expect(rowHash(GENESIS_HASH, 2, ENTRY)).not.toBe(base);
    expect(rowHash('1'.repeat(64), 1, ENTRY)).not.toBe(base);
  });
});

describe('chain', () => {
  it('numbers entries after the head and links each to the one before', () => {
    const [a, b] = chain({ seq: 7, hash: 'f'.repeat(64) }, [ENTRY, { ...ENTRY, actor: 'key_2' }]);
    expect([a.seq, a.prevHash, b.seq, b.prevHash]).toEqual([8, 'f'.repeat(64), 9, a.hash]);
    expect(b.hash).toBe(rowHash(a.hash, 9, { ...ENTRY, actor: 'key_2' }));
  });
});

describe('toAuditEntry', () => {
  it('stamps the time and maps absent optional fields to null', () => {
    expect(toAuditEntry(EVENT, AT)).toEqual(ENTRY);
  });

  it('cuts long text, makes text storable and replaces an oversized extra by its length', () => {
    const entry = toAuditEntry(
      {
        ...EVENT,
        tenantId: 'acme',
        resource: 'r'.repeat(MAX_TEXT_LENGTH + 10),
        reason: 'bad\u0000byte',
        extra: { blob: 'x'.repeat(MAX_EXTRA_LENGTH) },
      },
      AT,
    );
    expect(entry.resource).toBe('r'.repeat(MAX_TEXT_LENGTH));
    expect(entry.reason).toBe('bad\uFFFDbyte');
    expect(entry.extra).toEqual({ truncated_extra_length: MAX_EXTRA_LENGTH + 11 });
  });

  it('keeps the event when its extra cannot be read', () => {
    const extra = {
      get boom(): never {
        throw new Error('getter failed');
      },
    };
    expect(toAuditEntry({ ...EVENT, extra }, AT).extra).toEqual({
      unserialisable_extra: 'getter failed',
    });
  });
});
