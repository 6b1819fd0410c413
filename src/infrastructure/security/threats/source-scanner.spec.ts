import { scanSources } from './source-scanner';

describe('scanSources', () => {
  it('check 6 (rules): a quoted password assignment → 1 high; md5( and random.random( in one file → 1 medium', () => {
    const findings = scanSources([
      { path: 'app/settings.py', content: 'DEBUG = False\nPASSWORD = "hunter2"\npassword="again"\n' },
      { path: 'app/tokens.py', content: 'h = hashlib.md5(b)\nn = random.random()\n' },
      { path: 'app/clean.py', content: 'password = os.environ["DB_PASSWORD"]\n' },
    ]);
    expect(findings).toEqual([
      {
        vulnerabilityId: 'VULN_17b4f8b1',
        key: 'source:hardcoded_secrets:app/settings.py',
        severity: 'high',
        category: 'hardcoded_secrets',
        description: 'Possible hardcoded secret in app/settings.py',
        affectedComponent: 'app/settings.py',
        remediationSteps: [
          'Move the value to an environment variable or a secret manager.',
          'Rotate the credential: it is in the repository history.',
          'Run a secret scanner (such as gitleaks) in CI.',
        ],
        cveReferences: [],
        exploitProbability: 0,
        businessImpact: 'low',
      },
      expect.objectContaining({
        vulnerabilityId: 'VULN_67de3223',
        severity: 'medium',
        category: 'weak_randomness',
        affectedComponent: 'app/tokens.py',
      }),
    ]);
  });

  it.each([
    ['cursor.execute("SELECT * FROM t WHERE id = %s" % uid)', ['sql_injection/critical']],
    ["db.query('SELECT * FROM t WHERE id = ' + uid + '')", ['sql_injection/critical']],
    ["API_KEY = 'sk-123'\nsecret = 'x'", ['hardcoded_secrets/high']],
    ['digest = sha1(data)', ['weak_randomness/medium']],
    ['password = ""', []],
    ['cursor.execute("SELECT 1", params)', []],
  ])('%j → %j', (content, expected) => {
    expect(scanSources([{ path: 'a.py', content }]).map((f) => `${f.category}/${f.severity}`)).toEqual(expected);
  });

  it('reports the categories of one file in rule order', () => {
    const content = 'secret = "s"\ncursor.execute("x %s" % y)\nmd5(z)';
    expect(scanSources([{ path: 'a.py', content }]).map((f) => f.category)).toEqual([
      'hardcoded_secrets',
      'sql_injection',
      'weak_randomness',
    ]);
  });
});
