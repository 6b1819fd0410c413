import { parseCliArgs } from './autointel-args';

describe(parseCliArgs.name, () => {
  it('reads a target with defaults, and every option', () => {
    expect(parseCliArgs(['examples/a.md'])).toEqual({
      target: 'examples/a.md',
      depth: 'standard',
      json: false,
      format: 'md',
      tenantId: 'default',
      workspaceId: 'default',
    });
    expect(
      parseCliArgs([
        'https://example.org/x',
        '--depth',
        'Deep',
        '--mode',
        'fallback',
        '--json',
        '--tenant',
        'acme',
        '--workspace',
        'news',
      ]),
    ).toEqual({
      target: 'https://example.org/x',
      depth: 'deep',
      mode: 'fallback',
      json: true,
      format: 'md',
      tenantId: 'acme',
      workspaceId: 'news',
    });
    expect(parseCliArgs(['a.md', '--format', 'html'])).toMatchObject({ format: 'html', json: false });
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it('names the argument that is wrong', () => {
    expect(() => parseCliArgs([])).toThrow('give one URL or file path');
    expect(() => parseCliArgs(['a', '--format', 'pdf'])).toThrow('--format must be one of md, html, json, got "pdf"');
    expect(() => parseCliArgs(['a', '--format', 'md', '--json'])).toThrow(
      '--json prints the whole result and --format the report: give one of them',
    );
    expect(() => parseCliArgs(['a', 'b'])).toThrow('give one URL or file path, got 2: a b');
    expect(() => parseCliArgs(['a', '--depth', 'quick'])).toThrow(
      '--depth must be one of standard, deep, comprehensive, experimental, got "quick"',
    );
    expect(() => parseCliArgs(['a', '--mode', 'agents'])).toThrow(
      '--mode must be one of fallback, autonomous, enhanced, got "agents"',
    );
    expect(parseCliArgs(['a', '--mode', 'Autonomous'])).toMatchObject({ mode: 'autonomous' });
    expect(() => parseCliArgs(['a', '--tenant', 'a b'])).toThrow(
      '--tenant must be 1-128 letters, digits or . _ : -, got "a b"',
    );
    expect(() => parseCliArgs(['a', '--colour'])).toThrow("Unknown option '--colour'");
  });
});
