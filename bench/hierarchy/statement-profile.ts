/**
 * Counts and times the SQL statements a process sends, for the hierarchy service bench's profile: every call of
 * PGlite's `query` (embedded) or of a `pg` client's `query` (PostgreSQL), which is what the Kysely dialects send
 * each statement through, `begin` and `commit` included. Installed once, before the application opens its
 * database.
 */
import { PGlite } from '@electric-sql/pglite';
import { Client } from 'pg';

/**
 * Statements and their time, summed from each call to its answer. PGlite runs one statement at a time on this
 * thread, so there the time is what the embedded database was busy; on PostgreSQL calls overlap (a pool).
 */
export interface StatementTally {
  readonly count: number;
  readonly ms: number;
}

/** What was sent since the last reset, in all and by kind (`update hierarchy_tasks`, `begin`, …), most first. */
export interface StatementCounts extends StatementTally {
  readonly byKind: Readonly<Record<string, StatementTally>>;
}

const TABLE = /\b(?:from|into|update)\s+"?([A-Za-z0-9_]+)"?/i;

/** `<verb> <table>`, e.g. `select hierarchy_sessions`; the verb alone for a statement naming no table. */
export function statementKind(text: string): string {
  const trimmed = text.trim();
  const verb = (/^\w+/.exec(trimmed)?.[0] ?? '?').toLowerCase();
  const table = TABLE.exec(trimmed)?.[1];
  return table ? `${verb} ${table}` : verb;
}

export class StatementProfile {
  private kinds = new Map<string, { count: number; ms: number }>();

  reset(): void {
    this.kinds = new Map();
  }

  snapshot(): StatementCounts {
    const kinds = [...this.kinds.entries()].sort((a, b) => b[1].count - a[1].count || b[1].ms - a[1].ms);
    return {
      count: kinds.reduce((n, [, k]) => n + k.count, 0),
      ms: kinds.reduce((n, [, k]) => n + k.ms, 0),
      byKind: Object.fromEntries(kinds.map(([kind, k]) => [kind, { ...k }])),
    };
  }

  /** Counts one statement and, once it answers, adds its time. */
  track<T>(text: unknown, answer: T): T {
    const kind = statementKind(typeof text === 'string' ? text : String(text));
    let tally = this.kinds.get(kind);
    if (!tally) this.kinds.set(kind, (tally = { count: 0, ms: 0 }));
    tally.count += 1;
    if (answer instanceof Promise) {
      const started = performance.now();
      const counted = tally;
      const done = () => (counted.ms += performance.now() - started);
      answer.then(done, done);
    }
    return answer;
  }
}

let installed: StatementProfile | undefined;

type Query = (this: unknown, ...args: unknown[]) => unknown;

/** Wraps `query` of a driver's prototype so that each call is tracked under the text `textOf` finds. */
function wrapQuery(prototype: object, profile: StatementProfile, textOf: (first: unknown) => unknown): void {
  const target = prototype as { query: Query };
  const original = target.query;
  target.query = function (this: unknown, ...args: unknown[]) {
    return profile.track(textOf(args[0]), original.apply(this, args));
  };
}

/** The process's profile, wrapping both drivers' `query` the first time it is asked for. */
export function statementProfile(): StatementProfile {
  if (installed) return installed;
  const profile = new StatementProfile();
  wrapQuery(PGlite.prototype, profile, (first) => first);
  // pg also takes a query config object: `{ text, values }`.
  wrapQuery(Client.prototype, profile, (first) =>
    typeof first === 'object' && first !== null && 'text' in first ? first.text : first,
  );
  installed = profile;
  return profile;
}
