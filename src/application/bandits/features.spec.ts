import {
  contextVector,
  DEFAULT_TRIPLE,
  describeValue,
  DOMAIN_TRIPLES,
  FEATURE_DEFAULT,
  fnv1a32,
  validateFeatures,
} from './features';

const AT_15_UTC = Date.UTC(2024, 4, 17, 15, 42, 10);

describe(fnv1a32.name, () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes, not UTF-16 code units', () => {
    expect(fnv1a32('é')).toBe(0x1e9de8c1); // bytes c3 a9
  });

  it('returns an unsigned 32-bit integer', () => {
    const h = fnv1a32('user-1');
    expect(h).toBe(4115888500);
    expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
  });
});

describe(contextVector.name, () => {
  const base = {
    userId: 'alice',
    domain: 'model_routing',
    features: { complexity: 0.3, priority: 0.7 },
    timestampMs: AT_15_UTC,
    dimension: 8,
  };

  it('B12 #4: model_routing, complexity 0.3, priority 0.7, 15:00 UTC, d = 8 gives a stable x[0] and x[1..7] = [0.8, 0.2, 0.1, 0.625, 0.3, 0.7, 0]', () => {
    const x = contextVector(base);
    expect(x).toHaveLength(8);
    // fnv1a32('alice') = 2267157479, so x[0] = 479 / 1000 in every process.
    expect(x[0]).toBeCloseTo(0.479, 9);
    const expected = [0.8, 0.2, 0.1, 0.625, 0.3, 0.7, 0];
    expected.forEach((v, i) => expect(x[i + 1]).toBeCloseTo(v, 9));
    expect(contextVector(base)).toEqual(x);
  });

  it('keeps x[0] in [0, 0.999]', () => {
    for (const userId of ['', 'a', 'u42', 'user-1', 'é']) {
      const x0 = contextVector({ ...base, userId })[0];
      expect(x0 >= 0 && x0 <= 0.999).toBe(true);
    }
    expect(contextVector({ ...base, userId: 'u42' })[0]).toBeCloseTo(0.01, 9);
  });

  it('uses the triple of each built-in domain and the default triple otherwise', () => {
    expect(contextVector({ ...base, domain: 'content_analysis' }).slice(1, 4)).toEqual([
      ...DOMAIN_TRIPLES.content_analysis,
    ]);
    expect(contextVector({ ...base, domain: 'user_engagement' }).slice(1, 4)).toEqual([0.1, 0.2, 0.8]);
    expect(contextVector({ ...base, domain: 'support_tickets' }).slice(1, 4)).toEqual([...DEFAULT_TRIPLE]);
    expect(contextVector({ ...base, domain: 'constructor' }).slice(1, 4)).toEqual([0.33, 0.33, 0.33]);
  });

  it('prefers an explicit triple over the domain table', () => {
    expect(contextVector({ ...base, triple: [0.5, 0.25, 0.125] }).slice(1, 4)).toEqual([0.5, 0.25, 0.125]);
  });

  it('uses the whole UTC hour, also for timestamps before 1970', () => {
    expect(contextVector({ ...base, timestampMs: Date.UTC(2024, 0, 1, 0, 59, 59) })[4]).toBe(0);
    expect(contextVector({ ...base, timestampMs: Date.UTC(2024, 0, 1, 23, 30) })[4]).toBeCloseTo(23 / 24, 9);
    expect(contextVector({ ...base, timestampMs: Date.UTC(1969, 11, 31, 18, 0) })[4]).toBeCloseTo(0.75, 9);
  });

  it('reads a missing named feature as FEATURE_DEFAULT', () => {
    const x = contextVector({ ...base, features: { priority: 0.9 } });
    expect(FEATURE_DEFAULT).toBe(0.5);
    expect(x.slice(5)).toEqual([0.5, 0.9, 0]);
  });

  it('reads the features a domain names, in its order', () => {
    const x = contextVector({
      ...base,
      features: { urgency: 0.2, depth: 0.4, ignored: 1 },
      featureNames: ['depth', 'urgency', 'tone'],
    });
    expect(x.slice(5)).toEqual([0.4, 0.2, 0.5]);
  });

  it('truncates to a short dimension and zero-pads a long one', () => {
    expect(contextVector({ ...base, dimension: 3 })).toEqual([0.479, 0.8, 0.2]);
    const x = contextVector({ ...base, dimension: 12 });
    expect(x).toHaveLength(12);
    expect(x.slice(7)).toEqual([0, 0, 0, 0, 0]);
  });

  it('throws for a dimension that is not a positive integer or a non-finite timestamp', () => {
    expect(() => contextVector({ ...base, dimension: 0 })).toThrow('dimension must be a positive integer, got 0');
    expect(() => contextVector({ ...base, dimension: 2.5 })).toThrow(RangeError);
    expect(() => contextVector({ ...base, timestampMs: NaN })).toThrow('timestampMs must be a finite number, got NaN');
  });
});

describe(validateFeatures.name, () => {
  it('accepts an object of numbers in [0, 1] and returns a copy', () => {
    const input = { complexity: 0, priority: 1, 'user.tier-2_x': 0.25 };
    const result = validateFeatures(input);
    expect(result).toEqual({ ok: true, value: input });
    expect(result.ok && result.value).not.toBe(input);
    expect(validateFeatures({})).toEqual({ ok: true, value: {} });
  });

  it('names the exact field of an out-of-range value', () => {
    expect(validateFeatures({ complexity: 2 })).toEqual({
      ok: false,
      field: 'features.complexity',
      message: 'features.complexity must be a number in [0, 1], got 2',
    });
    expect(validateFeatures({ priority: -0.1 }, 'context.features')).toEqual({
      ok: false,
      field: 'context.features.priority',
      message: 'context.features.priority must be a number in [0, 1], got -0.1',
    });
  });

  it('rejects non-numbers and non-finite numbers', () => {
    for (const [value, shown] of [
      ['0.5', '"0.5"'],
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [null, 'null'],
      [true, 'true'],
    ] as const) {
      expect(validateFeatures({ x: value })).toEqual({
        ok: false,
        field: 'features.x',
        message: `features.x must be a number in [0, 1], got ${shown}`,
      });
    }
  });

  it('rejects anything but a plain object', () => {
    expect(validateFeatures(null)).toEqual({
      ok: false,
      field: 'features',
      message: 'features must be an object of numbers in [0, 1], got null',
    });
    expect(validateFeatures([0.5])).toMatchObject({ ok: false, field: 'features' });
    expect(validateFeatures('x')).toMatchObject({ ok: false, field: 'features' });
    expect(validateFeatures(undefined)).toMatchObject({
      ok: false,
      message: 'features must be an object of numbers in [0, 1], got undefined',
    });
  });

  it('rejects bad key names', () => {
    expect(validateFeatures({ 'has space': 0.5 })).toEqual({
      ok: false,
      field: 'features',
      message: 'features key "has space" must be 1-64 letters, digits or _ . -',
    });
    expect(validateFeatures({ ['k'.repeat(65)]: 0.5 })).toMatchObject({ ok: false, field: 'features' });
    expect(validateFeatures({ ['k'.repeat(64)]: 0.5 }).ok).toBe(true);
  });

  it('accepts 32 keys and rejects 33', () => {
    const make = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, 0.5]));
    expect(validateFeatures(make(32)).ok).toBe(true);
    expect(validateFeatures(make(33))).toEqual({
      ok: false,
      field: 'features',
      message: 'features has 33 keys; at most 32 are allowed',
    });
  });
});

describe(describeValue.name, () => {
  it('renders rejected values readably and briefly', () => {
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(-Infinity)).toBe('-Infinity');
    expect(describeValue(10n)).toBe('bigint');
    expect(describeValue({ a: 'b'.repeat(100) })).toBe(`{"a":"${'b'.repeat(31)}...`);
  });
});
