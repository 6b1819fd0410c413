import { vulnerabilityIdOf } from './threat-id';
import type { ThreatLevel, VulnerabilityReport } from './threat.types';

/** A source file given to the scanner: its path (for the report) and its text. */
export interface SourceFile {
  readonly path: string;
  readonly content: string;
}

interface SourceRule {
  readonly category: string;
  readonly severity: ThreatLevel;
  readonly patterns: readonly RegExp[];
  readonly describe: (path: string) => string;
  readonly remediation: readonly [string, string, string];
}

/** The source rules (case-insensitive). Meant for trusted source text: two rules backtrack on long lines. */
export const SOURCE_RULES: readonly SourceRule[] = [
  {
    category: 'hardcoded_secrets',
    severity: 'high',
    patterns: [/password\s*=\s*["'][^"']+["']/i, /api_key\s*=\s*["'][^"']+["']/i, /secret\s*=\s*["'][^"']+["']/i],
    describe: (path) => `Possible hardcoded secret in ${path}`,
    remediation: [
      'Move the value to an environment variable or a secret manager.',
      'Rotate the credential: it is in the repository history.',
      'Run a secret scanner (such as gitleaks) in CI.',
    ],
  },
  {
    category: 'sql_injection',
    severity: 'critical',
    patterns: [/execute\s*\(\s*["'].*%.*["']/i, /query\s*\(\s*["'].*\+.*["']/i],
    describe: (path) => `Possible SQL injection (a query built from strings) in ${path}`,
    remediation: [
      'Pass values as query parameters instead of formatting or concatenating them.',
      'Validate the inputs that reach the query.',
      "Restrict the database account's privileges.",
    ],
  },
  {
    category: 'weak_randomness',
    severity: 'medium',
    patterns: [/md5\s*\(/i, /sha1\s*\(/i, /random\.random\s*\(/i],
    describe: (path) => `Weak hash function or non-cryptographic random numbers in ${path}`,
    remediation: [
      'Hash with SHA-256 or stronger.',
      'Draw tokens and secrets from a cryptographically secure generator.',
      'Check where the weak values are used and whether they must be unpredictable.',
    ],
  },
];

/**
 * Applies the source rules to given file contents: at most one finding per rule category per file (any
 * pattern of the category is enough), in file order then rule order. It reads nothing itself.
 *
 * @example
 * scanSources([{ path: 'app/settings.py', content: 'password = "hunter2"' }]);
 * // → one `hardcoded_secrets` finding, severity high
 */
export function scanSources(files: readonly SourceFile[]): VulnerabilityReport[] {
  const findings: VulnerabilityReport[] = [];
  for (const file of files) {
    for (const rule of SOURCE_RULES) {
      if (!rule.patterns.some((p) => p.test(file.content))) continue;
      const key = `source:${rule.category}:${file.path}`;
      findings.push({
        vulnerabilityId: vulnerabilityIdOf(key),
        key,
        severity: rule.severity,
        category: rule.category,
        description: rule.describe(file.path),
        affectedComponent: file.path,
        remediationSteps: rule.remediation,
        cveReferences: [],
        exploitProbability: 0,
        businessImpact: 'low',
      });
    }
  }
  return findings;
}
