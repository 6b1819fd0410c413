import { isRunOptionProblem, parseRunMode, parseRunOptions, runOptionMessage } from './run-options';

describe('parseRunOptions', () => {
  it('defaults depth to standard and mode to the given default', () => {
    expect(parseRunOptions({}, 'autonomous')).toEqual({ depth: 'standard', mode: 'autonomous' });
    expect(parseRunOptions({ depth: null, mode: null }, 'fallback')).toEqual({ depth: 'standard', mode: 'fallback' });
  });

  it('trims and lower-cases both', () => {
    expect(parseRunOptions({ depth: ' Deep ', mode: 'ENHANCED ' }, 'autonomous')).toEqual({
      depth: 'deep',
      mode: 'enhanced',
    });
  });

  it('leaves the mode undefined when absent and no default is given', () => {
    expect(parseRunOptions({ depth: 'deep' }, undefined)).toEqual({ depth: 'deep', mode: undefined });
  });

  it('refuses an unknown depth before looking at the mode', () => {
    const problem = parseRunOptions({ depth: 'deepest', mode: 'nope' }, 'autonomous');
    expect(problem).toEqual({
      field: 'depth',
      allowed: ['standard', 'deep', 'comprehensive', 'experimental'],
      got: 'deepest',
    });
    expect(isRunOptionProblem(problem)).toBe(true);
  });

  it('refuses an unknown or non-string mode', () => {
    expect(parseRunOptions({ mode: 'turbo' }, 'autonomous')).toEqual({
      field: 'mode',
      allowed: ['fallback', 'autonomous', 'enhanced'],
      got: 'turbo',
    });
    expect(parseRunMode(3)).toBeUndefined();
    expect(parseRunMode(' Fallback')).toBe('fallback');
  });
});

describe('runOptionMessage', () => {
  it('names the field the way the entry point spells it', () => {
    const problem = parseRunOptions({ mode: 'turbo' }, 'autonomous');
    if (!isRunOptionProblem(problem)) throw new Error('expected a problem');
    expect(runOptionMessage(problem)).toBe('mode must be one of fallback, autonomous, enhanced, got "turbo"');
    expect(runOptionMessage(problem, '--mode')).toBe(
      '--mode must be one of fallback, autonomous, enhanced, got "turbo"',
    );
  });
});
