import { parseKeysArgs } from './keys-args';

const NOW = Date.UTC(2026, 11, 7, 10, 0, 0);
const ID = 'ck_0123456789abcdef';
const parse = (...argv: string[]) => parseKeysArgs(argv, NOW);

/** The message of what `parse(...argv)` throws. */
function problem(...argv: string[]): string {
  try {
    parse(...argv);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`no problem with ${argv.join(' ')}`);
}

describe(parseKeysArgs.name, () => {
  describe('create', () => {
    it('reads every option; roles and scopes repeat, each counted once', () => {
      expect(
        parse(
          'create',
          '--tenant',
          'acme',
          '--role',
          'user',
          '--role',
          'ops',
          '--role',
          'user',
          '--scope',
          'reports.read',
          '--name',
          'ci bot',
          '--expires-in',
          '12h',
          '--attribute',
          'riskTier=medium',
          '--attribute',
          'channel=ops',
          '--json',
        ),
      ).toEqual({
        command: 'create',
        key: {
          tenantId: 'acme',
          name: 'ci bot',
          roles: ['user', 'ops'],
          scopes: ['reports.read'],
          attributes: { riskTier: 'medium', channel: 'ops' },
          expires: { afterMs: 12 * 3_600_000 },
        },
        json: true,
      });
    });

    it('defaults to the name "cli", no scopes, no attributes, no expiry, text output', () => {
      expect(parse('create', '--tenant', 'acme', '--role', 'viewer')).toEqual({
        command: 'create',
        key: { tenantId: 'acme', name: 'cli', roles: ['viewer'], scopes: [], attributes: {}, expires: null },
        json: false,
      });
    });

    it('reads an expiry in days, or a time', () => {
      const base = ['create', '--tenant', 'acme', '--role', 'user'];
      expect(parse(...base, '--expires-in', '3650d')).toMatchObject({
        key: { expires: { afterMs: 3650 * 86_400_000 } },
      });
      expect(parse(...base, '--expires-at', '2027-01-31T00:00:00Z')).toMatchObject({
        key: { expires: { at: Date.UTC(2027, 0, 31) } },
      });
    });

    it.each([
      [['--role', 'user'], 'create needs --tenant ID'],
      [['--tenant', 'a b', '--role', 'user'], '--tenant must be 1-128 letters, digits or . _ : -, got "a b"'],
      [['--tenant', 'a', '--tenant', 'b', '--role', 'user'], '--tenant may be given once, got 2 times'],
      [['--tenant', 'acme'], 'create needs at least one --role (viewer, user, moderator, ops, admin)'],
      [
        ['--tenant', 'acme', '--role', 'user', '--role', 'root'],
        '--role must be one of the following values: viewer, user, moderator, ops, admin, got "root"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--scope', 'reports.read', '--scope', 'Bad scope'],
        '--scope entries must be permissions such as reports.read, got "Bad scope"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--name', 'x'.repeat(101)],
        `--name must be shorter than or equal to 100 characters, got "${'x'.repeat(101)}"`,
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--attribute', 'riskTier=extreme'],
        '--attribute riskTier must be one of the following values: low, medium, high, got "extreme"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--attribute', 'channel=Ops Team'],
        '--attribute channel must be 1-32 lowercase letters, digits, _ or -, got "Ops Team"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--attribute', 'colour=blue'],
        '--attribute must be riskTier=<low|medium|high> or channel=<name>, got "colour=blue"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--attribute', 'channel=a', '--attribute', 'channel=b'],
        '--attribute channel may be given once',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--expires-in', '2w'],
        '--expires-in must be whole hours or days such as 12h or 30d, at most 3650d, got "2w"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--expires-in', '3651d'],
        '--expires-in must be whole hours or days such as 12h or 30d, at most 3650d, got "3651d"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--expires-at', 'next week'],
        '--expires-at must be an ISO 8601 time such as 2027-01-31T00:00:00Z, got "next week"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--expires-at', '2026-12-07T10:00:00Z'],
        '--expires-at must be in the future, got "2026-12-07T10:00:00Z"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--expires-at', '2036-12-07T10:00:00Z'],
        '--expires-at must be at most 3650 days ahead, got "2036-12-07T10:00:00Z"',
      ],
      [
        ['--tenant', 'acme', '--role', 'user', '--expires-in', '1d', '--expires-at', '2027-01-01'],
        'give --expires-in or --expires-at, not both',
      ],
      [['--tenant', 'acme', '--role', 'user', 'extra'], 'create takes no arguments besides options, got "extra"'],
    ])('names the argument that is wrong: %j', (args, message) => {
      expect(problem('create', ...args)).toBe(message);
    });
  });

  it('reads list, rotate, revoke, generate and help', () => {
    expect(parse('list')).toEqual({ command: 'list', json: false });
    expect(parse('list', '--tenant', 'acme', '--json')).toEqual({ command: 'list', tenantId: 'acme', json: true });
    expect(parse('rotate', ID)).toEqual({ command: 'rotate', keyId: ID, json: false });
    expect(parse('revoke', ID, '--json')).toEqual({ command: 'revoke', keyId: ID, json: true });
    expect(parse('generate')).toEqual({ command: 'generate' });
    for (const argv of [['help'], ['--help'], ['-h'], ['create', '--help'], ['rotate', '--help']])
      expect(parse(...argv)).toEqual({ command: 'help' });
  });

  it.each([
    [[], 'give a command: create, list, rotate, revoke, generate, help'],
    [['make'], 'unknown command "make": give one of create, list, rotate, revoke, generate, help'],
    [['--json', 'list'], 'unknown command "--json": give one of create, list, rotate, revoke, generate, help'],
    [['list', '--role', 'user'], "unknown option '--role' for list (it takes --tenant, --json)"],
    [['rotate', ID, '--tenant', 'acme'], "unknown option '--tenant' for rotate (it takes --json)"],
    [['generate', '--json'], "unknown option '--json' for generate (it takes none)"],
    [['list', '--tenant'], "Option '--tenant <value>' argument missing"],
    [['list', '--json=yes'], "Option '--json' does not take an argument"],
    [['list', '--tenant', 'a/b'], '--tenant must be 1-128 letters, digits or . _ : -, got "a/b"'],
    [['list', 'acme'], 'list takes no arguments besides options, got "acme"'],
    [['rotate'], 'rotate needs one KEY_ID (ck_<16 hex digits>), got 0'],
    [['revoke', ID, ID], 'revoke needs one KEY_ID (ck_<16 hex digits>), got 2'],
    [['revoke', 'ck_12'], 'KEY_ID must look like ck_<16 hex digits>, got "ck_12"'],
    [
      ['revoke', `${ID}.${'s'.repeat(43)}`],
      'KEY_ID is the part of the key before the dot (ck_<16 hex digits>), not the whole key',
    ],
  ])('names the command or option that is wrong: %j', (argv, message) => {
    expect(problem(...argv)).toBe(message);
  });
});
