import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import type { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { fail, type StepResult } from '../../../core/result/step-result';
import type { MissionRecord, MissionStatus } from '../mission.types';
import type { MissionRun } from './mission-run';
import { stageAgents, stageSession } from './stage-session';

/** The orchestrator a hierarchical mission's session runs on (called by name through the facade). */
const HIERARCHY = 'hierarchical';
/** Session statuses after which it changes no more (unless recovered). */
const SESSION_ENDED = new Set(['completed', 'failed', 'partial', 'cancelled']);

/** Reads of the session, once a stage has ended the mission, before its job stops waiting for the session's end. */
const SESSION_GRACE_POLLS = 40;

/** What a session answers that a mission reads. */
interface SessionState {
  readonly sessionId: string;
  readonly status: string;
  readonly error: string | null;
  readonly tasks: readonly { readonly objectiveId: string; readonly status: string; readonly reason: string | null }[];
}

export interface SessionRunDeps {
  readonly facade: OrchestrationFacade;
  readonly read: (tenantId: string, missionId: string) => Promise<MissionRecord | undefined>;
  /** Stores the session of the run `runId`; false when the mission is on another run by now. */
  readonly attach: (tenantId: string, missionId: string, runId: string, sessionId: string) => Promise<boolean>;
  /** A {@link MissionRun} of the stored record under the job's signal. */
  readonly runOf: (record: MissionRecord) => MissionRun;
  readonly newRunId: () => string;
  /** Waits until a stage task ends the mission here, or the poll interval has passed. */
  readonly pause: () => Promise<void>;
  /** The poll interval of `pause` (ms). */
  readonly pollMs: number;
  /** How often the roster agents are told alive while their session runs (ms). */
  readonly heartbeatMs: number;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * A mission's run as a `hierarchical` session (the mission job's part): starts a run of the plan (one iteration),
 * registers the roster agents its stages go to, creates the session of its remaining stages and follows it to its
 * end, keeping the agents alive meanwhile; the stages themselves run as `mission_stage` tasks, wherever the
 * hierarchy runs them. A job run again while its session is still going (a restart, another instance) follows that
 * session instead of starting another. A session that ends without completing the mission leaves it `interrupted`
 * (cancelled) or `failed` (a stage failed after its retries, a limit), resumable from its checkpoint.
 *
 * The session is the mission's own: it is created and read on the job's context (the mission's tenant, no
 * principal), so the caller's permission to run it is checked when the mission is started.
 */
export class MissionSessionRun {
  constructor(
    private readonly deps: SessionRunDeps,
    private readonly ctx: OrchestrationContext,
  ) {}

  async execute(stored: MissionRecord): Promise<MissionRecord> {
    let record = stored;
    let session = record.sessionId ? await this.session(record.sessionId) : undefined;
    const live = session !== undefined && !SESSION_ENDED.has(session.status);
    if (!live || record.status !== 'running') {
      // A session left running by an earlier run can only fail its stages now: it is stopped first.
      if (live) await this.call({ operation: 'cancel_session', sessionId: session!.sessionId });
      const run = this.deps.runOf(record);
      const runId = this.deps.newRunId();
      const spent = await run.begin(runId);
      if (spent) return spent;
      record = run.current;
      const started = await this.startSession(record, runId);
      if (started.status !== 'ok') return this.end(record, 'failed', started.error);
      session = started.data;
    }
    const ended = await this.follow(record, session!);
    if (ended === undefined) return (await this.deps.read(record.tenantId, record.missionId)) ?? record;
    if ('missionId' in ended) return ended;
    return this.settle(record, ended);
  }

  private async startSession(
    record: MissionRecord,
    runId: string,
  ): Promise<{ status: 'ok'; data: SessionState } | { status: 'error'; error: string }> {
    for (const agent of stageAgents(record)) {
      const registered = await this.call({ operation: 'register_agent', agent });
      if (registered.status !== 'ok') return { status: 'error', error: `agent ${agent.agentId}: ${text(registered)}` };
    }
    const created = await this.call<SessionState>({ operation: 'create_session', ...stageSession(record, runId) });
    if (created.status !== 'ok') return { status: 'error', error: `the stage session: ${text(created)}` };
    await this.deps.attach(record.tenantId, record.missionId, runId, created.data.sessionId);
    return { status: 'ok', data: created.data };
  }

  /**
   * The session once it has ended, or the mission once a stage has ended it (completed, or stopped on its budget or
   * acquisition) and its session has ended too (its last tasks settled or skipped, up to {@link SESSION_GRACE_POLLS}
   * reads later), so that a mission seen ended has its session ended; undefined when the job's signal aborted first
   * (the session goes on).
   */
  private async follow(
    record: MissionRecord,
    session: SessionState,
  ): Promise<SessionState | MissionRecord | undefined> {
    const agents = stageAgents(record);
    let beatAt = 0;
    let state = session;
    let ended: MissionRecord | undefined;
    let grace = SESSION_GRACE_POLLS;
    for (let waited = 0; !SESSION_ENDED.has(state.status); waited += this.deps.pollMs) {
      if (!ended && waited - beatAt >= this.deps.heartbeatMs) {
        beatAt = waited;
        for (const a of agents) {
          const beat = await this.call({ operation: 'heartbeat', agentId: a.agentId });
          // An agent removed meanwhile is registered again, so its stages can still be routed.
          if (beat.status === 'error' && beat.category === 'not_found')
            await this.call({ operation: 'register_agent', agent: a });
        }
      }
      await this.deps.pause();
      if (this.ctx.signal.aborted) return ended;
      if (!ended) {
        const now = await this.deps.read(record.tenantId, record.missionId);
        if (now && (now.status !== 'running' || now.runId !== record.runId)) ended = now;
      } else if (--grace <= 0) break;
      const read = await this.session(state.sessionId);
      if (read) state = read;
    }
    return ended ?? state;
  }

  /** The mission once its session has ended: as its stages left it, or stopped with the session's reason. */
  private async settle(record: MissionRecord, session: SessionState): Promise<MissionRecord> {
    const now = await this.deps.read(record.tenantId, record.missionId);
    if (!now || now.status !== 'running' || now.runId !== record.runId) return now ?? record;
    if (session.status === 'cancelled')
      return this.end(now, 'interrupted', `its session ${session.sessionId} was cancelled`);
    const failed = session.tasks.find((t) => t.status === 'failed');
    const why = failed
      ? `stage ${failed.objectiveId} failed: ${failed.reason ?? 'no reason given'}`
      : `its session ${session.sessionId} ended ${session.status}: ${session.error ?? 'no reason given'}`;
    return this.end(now, 'failed', why);
  }

  private async end(record: MissionRecord, status: Extract<MissionStatus, 'failed' | 'interrupted'>, why: string) {
    const fresh = (await this.deps.read(record.tenantId, record.missionId)) ?? record;
    return this.deps.runOf(fresh).stop(status, { message: why, category: 'processing' });
  }

  private async session(sessionId: string): Promise<SessionState | undefined> {
    const read = await this.call<SessionState>({ operation: 'get_session', sessionId });
    return read.status === 'ok' ? read.data : undefined;
  }

  private async call<T>(input: Record<string, unknown>): Promise<StepResult<T>> {
    try {
      return await this.deps.facade.orchestrate<T>(HIERARCHY, this.ctx, input);
    } catch (e) {
      return fail('internal', errorText(e));
    }
  }
}

function text(result: StepResult<unknown>): string {
  return result.status === 'error' ? result.error : result.status;
}
