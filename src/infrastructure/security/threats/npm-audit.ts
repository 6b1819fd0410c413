import { vulnerabilityIdOf } from './threat-id';
import type { ThreatLevel, VulnerabilityReport } from './threat.types';

/** A rejected report: the field at fault (a dotted path) and a message naming it. */
export interface InvalidAuditReport {
  readonly ok: false;
  readonly field: string;
  readonly message: string;
}

export type ParsedAuditReport = { readonly ok: true; readonly findings: VulnerabilityReport[] } | InvalidAuditReport;

const NPM_SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
type NpmSeverity = (typeof NPM_SEVERITIES)[number];
const LEVEL: Record<NpmSeverity, ThreatLevel> = {
  info: 'low',
  low: 'low',
  moderate: 'medium',
  high: 'high',
  critical: 'critical',
};
/** More packages than this in one report is refused (a whole registry is not one project's tree). */
export const MAX_AUDIT_PACKAGES = 10_000;

class Invalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(v: unknown, field: string): Json {
  if (!isObject(v)) throw new Invalid(field, `${field} must be an object`);
  return v;
}
function string(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new Invalid(field, `${field} must be a string`);
  return v;
}
function boolean(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new Invalid(field, `${field} must be a boolean`);
  return v;
}
function count(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new Invalid(field, `${field} must be an integer ≥ 0`);
  return v;
}
function strings(v: unknown, field: string): string[] {
  if (!Array.isArray(v)) throw new Invalid(field, `${field} must be an array of strings`);
  return v.map((s, i) => string(s, `${field}[${i}]`));
}
function severity(v: unknown, field: string): NpmSeverity {
  if (!(NPM_SEVERITIES as readonly unknown[]).includes(v))
    throw new Invalid(field, `${field} must be one of ${NPM_SEVERITIES.join(', ')}`);
  return v as NpmSeverity;
}

interface Advisory {
  readonly title: string;
  readonly url: string;
}
type FixAvailable = boolean | { readonly name: string; readonly version: string; readonly isSemVerMajor: boolean };

function advisory(v: Json, field: string): Advisory {
  count(v.source, `${field}.source`);
  string(v.name, `${field}.name`);
  string(v.dependency, `${field}.dependency`);
  severity(v.severity, `${field}.severity`);
  string(v.range, `${field}.range`);
  return { title: string(v.title, `${field}.title`), url: string(v.url, `${field}.url`) };
}

function fixAvailable(v: unknown, field: string): FixAvailable {
  if (typeof v === 'boolean') return v;
  const o = object(v, field);
  return {
    name: string(o.name, `${field}.name`),
    version: string(o.version, `${field}.version`),
    isSemVerMajor: boolean(o.isSemVerMajor, `${field}.isSemVerMajor`),
  };
}

function remediation(name: string, fix: FixAvailable): [string, string, string] {
  const confirm = 'Re-run the tests and `npm audit` to confirm the fix.';
  if (fix === true) return ['Run `npm audit fix`.', confirm, `Check whether ${name} was exploitable before the fix.`];
  if (fix === false) {
    return [
      `No fix is available yet: check whether the vulnerable code of ${name} is reachable.`,
      `Consider replacing or removing ${name}.`,
      'Watch the advisories for a patched release.',
    ];
  }
  const major = fix.isSemVerMajor ? ' (a semver-major upgrade: review its breaking changes)' : '';
  return [
    `Upgrade ${fix.name} to ${fix.version}${major}.`,
    confirm,
    `Check whether ${name} was exploitable before the fix.`,
  ];
}

function finding(key: string, v: unknown): { finding: VulnerabilityReport; severity: NpmSeverity } {
  const field = `vulnerabilities.${key}`;
  const entry = object(v, field);
  const name = string(entry.name, `${field}.name`);
  if (name !== key) throw new Invalid(`${field}.name`, `${field}.name must equal the key "${key}"`);
  const sev = severity(entry.severity, `${field}.severity`);
  boolean(entry.isDirect, `${field}.isDirect`);
  const range = string(entry.range, `${field}.range`);
  strings(entry.effects, `${field}.effects`);
  strings(entry.nodes, `${field}.nodes`);
  const fix = fixAvailable(entry.fixAvailable, `${field}.fixAvailable`);
  if (!Array.isArray(entry.via) || entry.via.length === 0)
    throw new Invalid(`${field}.via`, `${field}.via must be a non-empty array`);
  const through: string[] = [];
  const advisories: Advisory[] = [];
  entry.via.forEach((item, i) => {
    const at = `${field}.via[${i}]`;
    if (typeof item === 'string') through.push(item);
    else if (isObject(item)) advisories.push(advisory(item, at));
    else throw new Invalid(at, `${at} must be a package name or an advisory object`);
  });
  const what =
    advisories.length > 0 ? advisories.map((a) => a.title).join('; ') : `vulnerable through ${through.join(', ')}`;
  const id = `npm:${name}`;
  return {
    severity: sev,
    finding: {
      vulnerabilityId: vulnerabilityIdOf(id),
      key: id,
      severity: LEVEL[sev],
      category: 'dependency',
      description: `${name} ${range}: ${what}`,
      affectedComponent: name,
      remediationSteps: remediation(name, fix),
      cveReferences: [...new Set(advisories.map((a) => a.url))],
      exploitProbability: 0,
      businessImpact: 'low',
    },
  };
}

function checkTotals(metadata: Json, found: readonly NpmSeverity[]): void {
  const totals = object(metadata.vulnerabilities, 'metadata.vulnerabilities');
  for (const sev of NPM_SEVERITIES) {
    const field = `metadata.vulnerabilities.${sev}`;
    const expected = found.filter((s) => s === sev).length;
    if (count(totals[sev], field) !== expected)
      throw new Invalid(field, `${field} is ${String(totals[sev])} but the report lists ${expected} such packages`);
  }
  if (count(totals.total, 'metadata.vulnerabilities.total') !== found.length) {
    throw new Invalid(
      'metadata.vulnerabilities.total',
      `metadata.vulnerabilities.total is ${String(totals.total)} but the report lists ${found.length} packages`,
    );
  }
}

/**
 * Validates an `npm audit --json` report (npm 7 and later: `auditReportVersion` 2) and maps each vulnerable
 * package to one finding (key `npm:<package>`). Required fields must have their types, severities their
 * values, and `metadata.vulnerabilities` must count the listed packages; unknown fields are ignored.
 */
export function parseNpmAudit(report: unknown): ParsedAuditReport {
  try {
    const root = object(report, 'report');
    if (root.auditReportVersion !== 2)
      throw new Invalid('auditReportVersion', 'auditReportVersion must be 2 (npm 7 or later)');
    const entries = Object.entries(object(root.vulnerabilities, 'vulnerabilities'));
    if (entries.length > MAX_AUDIT_PACKAGES)
      throw new Invalid('vulnerabilities', `vulnerabilities lists more than ${MAX_AUDIT_PACKAGES} packages`);
    const parsed = entries.map(([key, v]) => finding(key, v));
    checkTotals(
      object(root.metadata, 'metadata'),
      parsed.map((p) => p.severity),
    );
    return { ok: true, findings: parsed.map((p) => p.finding) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
}
