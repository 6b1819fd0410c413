import type { PlannedTask } from './hierarchy.types';

/** The order tasks can run in: complete, or partial when some of them wait on each other in a cycle. */
export type Resolution =
  | { readonly status: 'resolved'; readonly order: readonly string[]; readonly phases: readonly (readonly string[])[] }
  | {
      readonly status: 'partial';
      readonly order: readonly string[];
      readonly phases: readonly (readonly string[])[];
      /** The tasks on or behind a cycle, in input order: they cannot run. */
      readonly cyclic: readonly string[];
    };

/**
 * Kahn's algorithm over the tasks' dependencies. `phases` are the topological layers — every task of a phase has
 * all its dependencies in earlier phases, so a phase's tasks may run side by side — each ordered by priority,
 * higher first, then input order; `order` is the phases one after the other. Tasks on a cycle, or depending on one,
 * never become ready: the result is then `partial` and names them. A dependency on a task not in the list is the
 * caller's error (see `validateObjectives`) and is ignored here.
 *
 * @example resolveDependencies([A p9, B p5 after A, C p7]) // phases [[A, C], [B]], order [A, C, B]
 */
export function resolveDependencies(tasks: readonly PlannedTask[]): Resolution {
  const byId = new Map(tasks.map((t, i) => [t.id, { task: t, index: i }]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const t of tasks) {
    const deps = [...new Set(t.dependencies)].filter((d) => byId.has(d));
    waiting.set(t.id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  }
  const rank = (id: string) => byId.get(id)!;
  const byPriority = (a: string, b: string) =>
    rank(b).task.priority - rank(a).task.priority || rank(a).index - rank(b).index;
  const phases: string[][] = [];
  let ready = tasks.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
  while (ready.length > 0) {
    const phase = [...ready].sort(byPriority);
    phases.push(phase);
    const next: string[] = [];
    for (const id of phase)
      for (const dependent of dependents.get(id) ?? []) {
        const left = waiting.get(dependent)! - 1;
        waiting.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    ready = next;
  }
  const order = phases.flat();
  if (order.length === tasks.length) return { status: 'resolved', order, phases };
  const placed = new Set(order);
  return { status: 'partial', order, phases, cyclic: tasks.filter((t) => !placed.has(t.id)).map((t) => t.id) };
}

/** `N seconds` under a minute, `N minutes` under an hour, else `N hours` (whole units, rounded down). */
export function durationLabel(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)} seconds`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} minutes`;
  return `${Math.floor(seconds / 3600)} hours`;
}
