import { Client } from 'pg';
import type { AuditVerifyReport } from '../../src/infrastructure/security/audit/audit.types';
import { bearer } from '../fixtures/test-keys';
import type { Instance } from './instances';
import { eventually, query } from './helpers';

/** `POST /security/keys` answered 201. */
interface CreatedKey {
  readonly data: { readonly key: string; readonly view: { readonly prefix: string } };
}

/** What an instance answered to a stream of audited requests (see {@link sendAudited}). */
export interface Traffic {
  /** Prefixes of the keys created (201): one `key_created` row each. */
  readonly created: string[];
  /** Request ids of the requests denied (403): one `missing_permission` row each. */
  readonly denied: string[];
  /** Key names and request ids of requests left without an answer (the instance was stopping): zero or one row. */
  readonly unanswered: string[];
  /** Any other answer, as `<id> <status>`: none is expected. */
  readonly unexpected: string[];
}

/** A row of `security_audit` as the checks read it. */
export interface AuditRow {
  readonly seq: number;
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly request_id: string | null;
  readonly extra: { readonly name?: string };
}

/**
 * Sends `count` audited requests to `instance`, `concurrency` at a time, alternating: even ones create a key named
 * `<label>-<n>` with the admin key (a `key_created` row whose `extra.name` is that name), odd ones ask the same
 * with `viewerKey` and are denied (a `missing_permission` row with the request id `<label>-deny-<n>`).
 */
export async function sendAudited(
  instance: Instance,
  label: string,
  viewerKey: string,
  count: number,
  concurrency: number,
): Promise<Traffic> {
  const traffic: Traffic = { created: [], denied: [], unanswered: [], unexpected: [] };
  let next = 0;
  const one = async (n: number) => {
    const deny = n % 2 === 1;
    const id = deny ? `${label}-deny-${n}` : `${label}-${n}`;
    const headers = { 'x-request-id': id, ...(deny ? bearer(viewerKey) : {}) };
    let res: { status: number; json: unknown };
    try {
      res = await instance.request('POST', '/security/keys', { name: `${label}-${n}`, roles: ['viewer'] }, headers);
    } catch {
      traffic.unanswered.push(id);
      return;
    }
    if (!deny && res.status === 201) traffic.created.push((res.json as CreatedKey).data.view.prefix);
    else if (deny && res.status === 403) traffic.denied.push(id);
    // A stopping Fastify answers 503 before any hook runs: nothing was audited.
    else if (res.status === 503) traffic.unanswered.push(id);
    else traffic.unexpected.push(`${id} ${res.status}`);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  return traffic;
}

/** Creates a viewer key on `instance` with the admin key; returns its text and prefix. */
export async function viewerKey(instance: Instance, name: string): Promise<{ key: string; prefix: string }> {
  const res = await instance.request<CreatedKey>('POST', '/security/keys', { name, roles: ['viewer'] });
  if (res.status !== 201) throw new Error(`creating ${name} answered ${res.status}`);
  return { key: res.json.data.key, prefix: res.json.data.view.prefix };
}

/** Every row of the audit log, lowest seq first. */
export async function auditRows(url: string): Promise<AuditRow[]> {
  const rows = await query<Omit<AuditRow, 'seq'> & { seq: string } & Record<string, unknown>>(
    url,
    'select seq, actor, action, resource, request_id, extra from security_audit order by seq',
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The request a row came from: its request id (a denial) or the created key's name (`<label>-<n>`). */
export function idOf(row: AuditRow): string {
  return (row.action === 'missing_permission' ? row.request_id : row.extra.name) ?? '';
}

/** The label of the traffic a row came from (see {@link sendAudited}), `setup` for any other row. */
export function originOf(row: AuditRow): string {
  return /^([a-z0-9]+)-(deny-)?\d+$/.exec(idOf(row))?.[1] ?? 'setup';
}

/** How many rows of each `action actor`. */
export function countBy(rows: readonly AuditRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[`${r.action} ${r.actor}`] = (counts[`${r.action} ${r.actor}`] ?? 0) + 1;
  return counts;
}

/** The integers `1 … n`. */
export const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** An instance's metric value from `GET /metrics` (a counter or gauge without labels). */
export async function metric(instance: Instance, name: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${instance.port}/metrics`, { headers: bearer() });
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`${instance.name} exposes no ${name}`);
  return Number(line.slice(name.length + 1));
}

/** Runs `statements` in one transaction with the append-only triggers off, as a schema owner could. */
export async function tamper(url: string, ...statements: string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = ['security_audit', 'security_audit_checkpoints'];
    await client.query(
      [
        'begin',
        ...tables.map((t) => `alter table ${t} disable trigger user`),
        ...statements,
        ...tables.map((t) => `alter table ${t} enable trigger user`),
        'commit',
      ].join(';\n'),
    );
  } finally {
    await client.end();
  }
}

/** `GET /security/audit/verify` on `instance`. */
export async function verify(instance: Instance): Promise<AuditVerifyReport> {
  const res = await instance.request<{ data: AuditVerifyReport }>('GET', '/security/audit/verify');
  if (res.status !== 200) throw new Error(`verify on ${instance.name} answered ${res.status}`);
  return res.json.data;
}

/** Row counts: checkpoints, and the highest checkpointed seq. */
export async function checkpointStats(url: string): Promise<{ count: number; maxSeq: number }> {
  const [row] = await query<{ n: string; max: string | null }>(
    url,
    'select count(*) as n, max(seq) as max from security_audit_checkpoints',
  );
  return { count: Number(row.n), maxSeq: Number(row.max ?? 0) };
}

/** Waits until a checkpoint covers seq `n`; resolves with the number of checkpoints. */
export async function checkpointed(url: string, n: number): Promise<number> {
  const covered = async () => {
    const stats = await checkpointStats(url);
    return stats.maxSeq >= n ? stats : undefined;
  };
  return (await eventually(covered, 20_000, `a checkpoint at ${n}`)).count;
}
