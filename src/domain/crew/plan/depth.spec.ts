import { canonicalDepth, depthAtLeast, effectiveDepth, parseFlag } from './depth';

describe('depth', () => {
  describe(canonicalDepth.name, () => {
    it('A1 maps exp…, comp… and deep… prefixes to their depth and anything else to standard', () => {
      const table: [string, string][] = [
        ['Experimental - Cutting-Edge AI', 'experimental'],
        ['COMP', 'comprehensive'],
        ['deepest', 'deep'],
        ['', 'standard'],
        ['quick', 'standard'],
        ['weird', 'standard'],
      ];
      expect(table.map(([raw]) => [raw, canonicalDepth(raw)])).toEqual(table);
    });

    it('returns standard for missing or blank input', () => {
      expect([canonicalDepth(undefined), canonicalDepth(null), canonicalDepth('   ')]).toEqual([
        'standard',
        'standard',
        'standard',
      ]);
    });

    it('trims and lower-cases before matching', () => {
      expect([canonicalDepth('  DEEP  '), canonicalDepth('\tExp\n'), canonicalDepth(' Comprehensive ')]).toEqual([
        'deep',
        'experimental',
        'comprehensive',
      ]);
    });

    it('matches experimental and comprehensive anywhere, deep only as a prefix', () => {
      expect(canonicalDepth('very experimental')).toBe('experimental');
      expect(canonicalDepth('fully comprehensive')).toBe('comprehensive');
      expect(canonicalDepth('very deep')).toBe('standard');
    });

    it('checks experimental before comprehensive and comprehensive before deep', () => {
      expect(canonicalDepth('comprehensive but experimental')).toBe('experimental');
      expect(canonicalDepth('deep and comprehensive')).toBe('comprehensive');
    });

    it('takes any exp or comp prefix, as the rule says', () => {
      expect([canonicalDepth('expert'), canonicalDepth('compact')]).toEqual(['experimental', 'comprehensive']);
    });
  });

  describe(effectiveDepth.name, () => {
    it('A2 downgrades experimental to comprehensive with the gate off and keeps it with the gate on (yes)', () => {
      expect(effectiveDepth('experimental', parseFlag(undefined))).toEqual({
        requested: 'experimental',
        effective: 'comprehensive',
        downgraded: true,
      });
      expect(effectiveDepth('experimental', parseFlag('yes'))).toEqual({
        requested: 'experimental',
        effective: 'experimental',
        downgraded: false,
      });
    });

    it('never downgrades other depths', () => {
      expect(effectiveDepth('Deep', false)).toEqual({ requested: 'deep', effective: 'deep', downgraded: false });
      expect(effectiveDepth('comprehensive', false)).toEqual({
        requested: 'comprehensive',
        effective: 'comprehensive',
        downgraded: false,
      });
      expect(effectiveDepth(null, true)).toEqual({ requested: 'standard', effective: 'standard', downgraded: false });
    });
  });

  describe(parseFlag.name, () => {
    it('returns true for 1, true, yes and on in any case', () => {
      expect(['1', 'true', 'yes', 'on', 'TRUE', 'Yes', 'ON', ' on '].map(parseFlag)).toEqual(Array(8).fill(true));
    });

    it('returns false for anything else and when missing', () => {
      expect([undefined, '', '0', 'false', 'no', 'off', 'y', 'enabled', '2'].map(parseFlag)).toEqual(
        Array(9).fill(false),
      );
    });
  });

  describe(depthAtLeast.name, () => {
    it('orders standard < deep < comprehensive < experimental', () => {
      expect([
        depthAtLeast('standard', 'deep'),
        depthAtLeast('deep', 'deep'),
        depthAtLeast('experimental', 'comprehensive'),
        depthAtLeast('comprehensive', 'experimental'),
      ]).toEqual([false, true, true, false]);
    });
  });
});
