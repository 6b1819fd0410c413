import type { Kysely } from 'kysely';
import { GroupCommit } from '../../core/persistence/group-commit';
import {
  insertAttempts,
  selectAttempts,
  settleAttempts,
  settleTasks,
  startAttempts,
  taskRow,
  type AgentTally,
  type AttemptKey,
  type ClaimRow,
  type SettleRow,
  type TaskRow,
} from './hierarchy.batch-statements';
import type { SessionStatus, TaskRecord } from './hierarchy.records';

type Row = Readonly<Record<string, unknown>>;

/** A settled task's part in its agent's record of work. */
export interface AgentOutcome {
  readonly agentId: string;
  readonly completed: boolean;
  /** How long the task took; null when unknown (it then counts, but not in the mean). */
  readonly seconds: number | null;
}

interface Start {
  readonly tenantId: string;
  readonly row: TaskRow;
}
interface Settled {
  readonly row: TaskRow;
  readonly agent: AgentOutcome | null;
}

/** Items a batch waits for: the ones of one turn of the event loop, or of the write before it. */
const BATCH = { maxItems: 500, lingerMs: 0 };

const keyOf = (r: { session_id: string; attempt_id: string }) => `${r.session_id}/${r.attempt_id}`;

/**
 * Group commit for the writes every attempt makes: the attempts and tasks that start, settle or are read at about
 * the same time share one statement of each kind (see `GroupCommit`) instead of paying one round trip each. Every
 * caller still waits until its own row is written, so what was stored before a handler ran, and when a task was
 * settled, is what it was with a statement per row.
 */
export class HierarchyBatches {
  private readonly starts = new GroupCommit<Start, { steps: number; status: SessionStatus | null }>(
    (items) => this.writeStarts(items),
    BATCH,
  );
  private readonly settledTasks = new GroupCommit<Settled, void>((items) => this.writeSettled(items), BATCH);
  private readonly claims = new GroupCommit<ClaimRow, Row | undefined>((items) => this.writeClaims(items), BATCH);
  private readonly settledAttempts = new GroupCommit<SettleRow, void>(async (items) => {
    await settleAttempts(this.db(), items);
    return items.map(() => undefined);
  }, BATCH);
  private readonly reads = new GroupCommit<AttemptKey, Row | undefined>(async (keys) => {
    const rows = new Map((await selectAttempts(this.db(), keys)).map((r) => [keyOf(r as never), r]));
    return keys.map((k) => rows.get(keyOf(k)));
  }, BATCH);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: () => Kysely<any>) {}

  /**
   * Stores the task of an attempt that starts and counts the attempt as a step of its session. Answers this
   * attempt's step number (attempts counted in one batch are numbered in submission order) and the session's status.
   */
  startAttempt(tenantId: string, task: TaskRecord): Promise<{ steps: number; status: SessionStatus | null }> {
    return this.starts.submit({ tenantId, row: taskRow(tenantId, task) });
  }

  /** Stores a settled task and, when an agent ran it, adds it to the agent's record. */
  settleTask(tenantId: string, task: TaskRecord, agent: AgentOutcome | null): Promise<void> {
    return this.settledTasks.submit({ row: taskRow(tenantId, task), agent });
  }

  /** Stores an attempt as running; answers the row already stored under its id, or undefined when it was not. */
  claimAttempt(row: ClaimRow): Promise<Row | undefined> {
    return this.claims.submit(row);
  }

  settleAttempt(row: SettleRow): Promise<void> {
    return this.settledAttempts.submit(row);
  }

  readAttempt(key: AttemptKey): Promise<Row | undefined> {
    return this.reads.submit(key);
  }

  private async writeStarts(items: readonly Start[]) {
    const bySession = new Map<string, Start[]>();
    for (const item of items) {
      const k = `${item.tenantId}/${item.row.session_id}`;
      bySession.set(k, [...(bySession.get(k) ?? []), item]);
    }
    const answers = new Map<Start, { steps: number; status: SessionStatus | null }>();
    for (const group of bySession.values()) {
      const { tenantId, row } = group[0];
      const { steps, status } = await startAttempts(
        this.db(),
        tenantId,
        row.session_id,
        group.map((g) => g.row),
      );
      // The count after the batch: the attempts before it in the batch came first.
      group.forEach((g, i) => answers.set(g, { steps: steps - group.length + i + 1, status }));
    }
    return items.map((i) => answers.get(i)!);
  }

  private async writeSettled(items: readonly Settled[]) {
    const tallies = new Map<string, { -readonly [K in keyof AgentTally]: AgentTally[K] }>();
    for (const { row, agent } of items) {
      if (!agent) continue;
      const k = `${row.tenant_id}/${agent.agentId}`;
      const t = tallies.get(k) ?? {
        tenant_id: row.tenant_id,
        agent_id: agent.agentId,
        completed: 0,
        failed: 0,
        timed: 0,
        seconds: 0,
      };
      tallies.set(k, t);
      if (!agent.completed) t.failed += 1;
      else {
        t.completed += 1;
        if (agent.seconds !== null) {
          t.timed += 1;
          t.seconds += agent.seconds;
        }
      }
    }
    await settleTasks(
      this.db(),
      items.map((i) => i.row),
      [...tallies.values()],
    );
    return items.map(() => undefined);
  }

  private async writeClaims(items: readonly ClaimRow[]) {
    const stored = await insertAttempts(this.db(), items);
    // The same attempt twice in one batch: the first claims it, the others find it stored.
    const first = new Set<string>();
    const claimed = items.map((i) => {
      const k = keyOf(i);
      const mine = stored.has(k) && !first.has(k);
      first.add(k);
      return mine;
    });
    const others = items.filter((_, n) => !claimed[n]);
    const rows =
      others.length === 0
        ? new Map<string, Row>()
        : new Map((await selectAttempts(this.db(), others)).map((r) => [keyOf(r as never), r]));
    return items.map((i, n) => (claimed[n] ? undefined : rows.get(keyOf(i))));
  }
}
