import fixture from '../../../../test/fixtures/security/npm-audit.json';
import { parseNpmAudit } from './npm-audit';

type Json = Record<string, unknown>;
const DELETE = Symbol('delete');

/** A copy of the fixture with the value at a dotted path (`a.b.0.c`) replaced, or deleted for `DELETE`. */
function broken(path: string, value: unknown): Json {
  const copy = structuredClone(fixture) as unknown as Json;
  const keys = path.split('.');
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Json;
  const last = keys[keys.length - 1];
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
}

describe('parseNpmAudit', () => {
  it('maps each vulnerable package of an npm 7+ report to one finding', () => {
    const parsed = parseNpmAudit(fixture);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.findings.map((f) => [f.vulnerabilityId, f.key, f.severity, f.affectedComponent])).toEqual([
      ['VULN_f0c39d1e', 'npm:minimist', 'critical', 'minimist'],
      ['VULN_6ec53d56', 'npm:mkdirp', 'critical', 'mkdirp'],
      ['VULN_93076b34', 'npm:nanoid', 'medium', 'nanoid'],
      ['VULN_8e84695e', 'npm:semver', 'high', 'semver'],
    ]);
    expect(parsed.findings[0]).toEqual({
      vulnerabilityId: 'VULN_f0c39d1e',
      key: 'npm:minimist',
      severity: 'critical',
      category: 'dependency',
      description: 'minimist <=0.2.3: Prototype Pollution in minimist',
      affectedComponent: 'minimist',
      remediationSteps: [
        'Run `npm audit fix`.',
        'Re-run the tests and `npm audit` to confirm the fix.',
        'Check whether minimist was exploitable before the fix.',
      ],
      cveReferences: ['https://github.com/advisories/GHSA-xvch-5gv4-984h'],
      exploitProbability: 0,
      businessImpact: 'low',
    });
    expect([parsed.findings[1].description, parsed.findings[1].remediationSteps[0]]).toEqual([
      'mkdirp 0.4.1 - 0.5.1: vulnerable through minimist',
      'Upgrade mkdirp to 0.5.6.',
    ]);
    expect(parsed.findings[2].remediationSteps[0]).toBe(
      'Upgrade nanoid to 5.1.5 (a semver-major upgrade: review its breaking changes).',
    );
  });

  it('accepts an empty report', () => {
    const empty = {
      auditReportVersion: 2,
      vulnerabilities: {},
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 } },
    };
    expect(parseNpmAudit(empty)).toEqual({ ok: true, findings: [] });
  });

  it.each<[string, unknown, string, string]>([
    ['not an object', [], 'report', 'report must be an object'],
    [
      'an npm 6 report',
      broken('auditReportVersion', 1),
      'auditReportVersion',
      'auditReportVersion must be 2 (npm 7 or later)',
    ],
    [
      'a missing vulnerabilities map',
      broken('vulnerabilities', DELETE),
      'vulnerabilities',
      'vulnerabilities must be an object',
    ],
    [
      'an unknown severity',
      broken('vulnerabilities.semver.severity', 'severe'),
      'vulnerabilities.semver.severity',
      'vulnerabilities.semver.severity must be one of info, low, moderate, high, critical',
    ],
    [
      'a name that is not its key',
      broken('vulnerabilities.semver.name', 'semver2'),
      'vulnerabilities.semver.name',
      'vulnerabilities.semver.name must equal the key "semver"',
    ],
    [
      'an advisory without a title',
      broken('vulnerabilities.minimist.via.0.title', DELETE),
      'vulnerabilities.minimist.via[0].title',
      'vulnerabilities.minimist.via[0].title must be a string',
    ],
    [
      'a via entry that is a number',
      broken('vulnerabilities.mkdirp.via', [42]),
      'vulnerabilities.mkdirp.via[0]',
      'vulnerabilities.mkdirp.via[0] must be a package name or an advisory object',
    ],
    [
      'an empty via',
      broken('vulnerabilities.mkdirp.via', []),
      'vulnerabilities.mkdirp.via',
      'vulnerabilities.mkdirp.via must be a non-empty array',
    ],
    [
      'a fixAvailable object without a version',
      broken('vulnerabilities.mkdirp.fixAvailable.version', DELETE),
      'vulnerabilities.mkdirp.fixAvailable.version',
      'vulnerabilities.mkdirp.fixAvailable.version must be a string',
    ],
    [
      'nodes that are not strings',
      broken('vulnerabilities.nanoid.nodes', [1]),
      'vulnerabilities.nanoid.nodes[0]',
      'vulnerabilities.nanoid.nodes[0] must be a string',
    ],
    [
      'totals that do not count the packages',
      broken('metadata.vulnerabilities.high', 2),
      'metadata.vulnerabilities.high',
      'metadata.vulnerabilities.high is 2 but the report lists 1 such packages',
    ],
    [
      'a total that does not count the packages',
      broken('metadata.vulnerabilities.total', 5),
      'metadata.vulnerabilities.total',
      'metadata.vulnerabilities.total is 5 but the report lists 4 packages',
    ],
    [
      'a negative count',
      broken('metadata.vulnerabilities.info', -1),
      'metadata.vulnerabilities.info',
      'metadata.vulnerabilities.info must be an integer ≥ 0',
    ],
    ['no metadata', broken('metadata', DELETE), 'metadata', 'metadata must be an object'],
  ])('rejects %s, naming the field', (_case, input, field, message) => {
    expect(parseNpmAudit(input)).toEqual({ ok: false, field, message });
  });
});
