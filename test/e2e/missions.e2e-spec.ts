import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { PageServer } from '../fixtures/page-server';
import { jsonBody, type GraphqlBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { testDataDir } from '../fixtures/test-config';

/** The fields of a mission these tests read. */
interface Mission {
  readonly missionId: string;
  readonly tenantId: string;
  readonly status: string;
  readonly depth: string;
  readonly attempts: number;
  readonly plan: { readonly stages: readonly { readonly id: string }[] };
  readonly stages: readonly { readonly id: string; readonly status: string; readonly startedAt: number }[];
  readonly ledger: Readonly<Record<string, number>>;
  readonly messages: readonly string[];
  readonly error: { readonly message: string; readonly category: string } | null;
}

interface Plan {
  readonly missionId: string;
  readonly depth: string;
  readonly stages: readonly { readonly id: string }[];
  readonly decisionsLog: readonly string[];
  readonly planner: { readonly kind: string; readonly costUsd: number };
}

const STANDARD = [
  'mission_planning',
  'acquisition',
  'transcription',
  'content_analysis',
  'verification',
  'threat_analysis',
  'knowledge_integration',
  'briefing',
];

/** `mission_orchestrator` end to end: plans, runs on a local page, reads back, resumes; REST, GraphQL, metrics. */
describe('missions (e2e)', () => {
  let sut: TestApp;
  let pages: PageServer;
  let base = '';
  const tenant = { 'x-tenant-id': 'acme' };

  beforeAll(async () => {
    pages = new PageServer();
    base = await pages.start();
    sut = await createTestApp({ content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' } });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sut?.close();
    await pages.stop();
  }, BOOT_TIMEOUT_MS);

  const post = (url: string, payload: object) => sut.request({ method: 'POST', url, headers: tenant, payload });
  const get = (url: string) => sut.request({ method: 'GET', url, headers: tenant });

  it('plans a standard mission on a local page, runs the plan, and reads it back', async () => {
    const planned = await post('/missions/plan', { url: `${base}/article` });
    expect(planned.statusCode).toBe(200);
    const plan = jsonBody<Plan>(planned);
    expect([plan.depth, plan.stages.map((s) => s.id), plan.planner, plan.decisionsLog[0]]).toEqual([
      'standard',
      STANDARD,
      { kind: 'rules', costUsd: 0 },
      'planned by the rules: no LLM is configured',
    ]);

    const ran = await post('/missions?wait=true', { plan });
    expect(ran.statusCode).toBe(200);
    const mission = jsonBody<Mission>(ran);
    expect([mission.missionId, mission.tenantId, mission.status, mission.attempts, mission.error]).toEqual([
      plan.missionId,
      'acme',
      'completed',
      1,
      null,
    ]);
    expect(mission.stages.map((s) => `${s.id}:${s.status}`)).toEqual(STANDARD.map((id) => `${id}:completed`));
    expect([mission.ledger.toolCalls, mission.ledger.iterations, mission.ledger.costUsd]).toEqual([8, 1, 0]);
    expect(mission.messages[0]).toBe(
      `Mission ${plan.missionId} (standard), planned by the rules: 8 stages — ${STANDARD.join(' → ')}`,
    );

    const read = await get(`/missions/${plan.missionId}`);
    expect([read.statusCode, jsonBody(read)]).toEqual([200, mission]);
    const list = jsonBody<{ missions: { missionId: string; status: string }[] }>(await get('/missions?limit=5'));
    expect(list.missions.find((m) => m.missionId === plan.missionId)?.status).toBe('completed');

    const again = await post('/missions', { plan });
    expect([again.statusCode, jsonBody<{ error: string }>(again).error]).toEqual([
      409,
      `mission ${plan.missionId} already exists: a plan runs once; plan again for a new mission`,
    ]);
    const resumed = await post(`/missions/${plan.missionId}/resume`, {});
    expect(resumed.statusCode).toBe(409);
  });

  it('plans and runs a deep mission from a URL, delivering its briefing as the last stage', async () => {
    const res = await post('/missions?wait=true', { url: `${base}/article`, depth: 'deep' });
    expect(res.statusCode).toBe(200);
    const mission = jsonBody<Mission>(res);
    expect([mission.depth, mission.stages.length, mission.stages.at(-1)?.id, mission.stages.at(-1)?.status]).toEqual([
      'deep',
      12,
      'communication',
      'completed',
    ]);
    expect(mission.messages[1].split('\n')[0]).toBe(`Mission ${mission.missionId} briefing`);
  });

  it('answers 202 at once without wait, and 400 naming the field for a plan beyond its depth', async () => {
    const queued = await post('/missions', { url: `${base}/article` });
    expect([queued.statusCode, jsonBody<Mission>(queued).status]).toEqual([202, 'queued']);
    const plan = jsonBody<Plan & { budget: object }>(await post('/missions/plan', { url: `${base}/article` }));
    const greedy = await post('/missions', { plan: { ...plan, budget: { ...plan.budget, costUsd: 100 } } });
    expect([greedy.statusCode, jsonBody<{ error: string }>(greedy).error]).toEqual([
      400,
      'plan.budget.costUsd: 100 is over the standard limit 1',
    ]);
    const both = await post('/missions', { plan, url: `${base}/article` });
    expect([both.statusCode, jsonBody<{ error: string }>(both).error]).toEqual([
      400,
      'run takes either plan or url (with depth), not both and not neither',
    ]);
    expect((await get('/missions/no-such-mission')).statusCode).toBe(404);
  });

  it('resumes a failed mission after its source recovers, without repeating the stages it completed', async () => {
    pages.healthy = false;
    const failed = jsonBody<Mission>(await post('/missions?wait=true', { url: `${base}/flaky` }));
    expect([failed.status, failed.stages.map((s) => `${s.id}:${s.status}`)]).toEqual([
      'failed',
      ['mission_planning:completed', 'acquisition:failed'],
    ]);
    pages.healthy = true;
    const res = await post(`/missions/${failed.missionId}/resume?wait=true`, {});
    expect(res.statusCode).toBe(200);
    const resumed = jsonBody<Mission>(res);
    expect([resumed.status, resumed.attempts, resumed.ledger.iterations, resumed.messages.length]).toEqual([
      'completed',
      2,
      2,
      1,
    ]);
    expect(resumed.stages[0]).toEqual(failed.stages[0]);
    expect(resumed.stages.map((s) => `${s.id}:${s.status}`)).toEqual(STANDARD.map((id) => `${id}:completed`));
  });

  /** The fields of a hierarchy session these tests read. */
  interface Session {
    readonly status: string;
    readonly tasks: readonly {
      readonly objectiveId: string;
      readonly type: string;
      readonly status: string;
      readonly agentId: string | null;
      readonly attempts: number;
      readonly reason: string | null;
    }[];
  }
  type HierarchicalMission = Mission & { mode: string; runId: string; sessionId: string };
  const AGENT_OF: Readonly<Record<string, string>> = {
    mission_planning: 'mission.mission_orchestrator',
    acquisition: 'mission.acquisition_specialist',
    transcription: 'mission.acquisition_specialist',
    briefing: 'mission.mission_orchestrator',
  };
  const agentOf = (stage: string) => AGENT_OF[stage] ?? 'mission.analysis_cartographer';

  it('runs a mission as a hierarchical session: a task per stage, each on its roster agent', async () => {
    const res = await post('/missions?wait=true', { url: `${base}/article`, mode: 'hierarchical' });
    expect(res.statusCode).toBe(200);
    const mission = jsonBody<HierarchicalMission>(res);
    expect([mission.status, mission.mode, mission.attempts, mission.error]).toEqual([
      'completed',
      'hierarchical',
      1,
      null,
    ]);
    expect(mission.stages.map((s) => `${s.id}:${s.status}`)).toEqual(STANDARD.map((id) => `${id}:completed`));
    // The same spend as the pipeline run of a standard mission on this page.
    expect([mission.ledger.toolCalls, mission.ledger.iterations, mission.ledger.costUsd]).toEqual([8, 1, 0]);
    const session = jsonBody<Session>(await get(`/hierarchy/sessions/${mission.sessionId}`));
    expect(session.status).toBe('completed');
    expect(session.tasks.map((t) => [t.objectiveId, t.type, t.status, t.agentId, t.attempts])).toEqual(
      STANDARD.map((id) => [id, 'mission_stage', 'completed', agentOf(id), 1]),
    );
    const agents = jsonBody<{ agents: { agentId: string; capabilities: string[] }[] }>(await get('/hierarchy/agents'));
    expect(agents.agents.filter((a) => a.agentId.startsWith('mission.')).map((a) => a.agentId)).toEqual([
      'mission.acquisition_specialist',
      'mission.analysis_cartographer',
      'mission.mission_orchestrator',
    ]);
  });

  it('fails a hierarchical mission with its stage, and resumes it in a new session from its checkpoint', async () => {
    pages.healthy = false;
    const failed = jsonBody<HierarchicalMission>(
      await post('/missions?wait=true', { url: `${base}/flaky`, mode: 'hierarchical' }),
    );
    expect([failed.status, failed.stages.map((s) => `${s.id}:${s.status}`)]).toEqual([
      'failed',
      ['mission_planning:completed', 'acquisition:failed'],
    ]);
    const first = jsonBody<Session>(await get(`/hierarchy/sessions/${failed.sessionId}`));
    expect([first.status, first.tasks.map((t) => `${t.objectiveId}:${t.status}:${t.attempts}`).slice(0, 3)]).toEqual([
      'failed',
      ['mission_planning:completed:1', 'acquisition:failed:1', 'transcription:skipped:0'],
    ]);
    pages.healthy = true;
    const resumed = jsonBody<HierarchicalMission>(await post(`/missions/${failed.missionId}/resume?wait=true`, {}));
    expect([resumed.status, resumed.attempts, resumed.ledger.iterations]).toEqual(['completed', 2, 2]);
    expect(resumed.sessionId).not.toBe(failed.sessionId);
    expect(resumed.stages[0]).toEqual(failed.stages[0]);
    // The new session holds only the stages the checkpoint had not done.
    const second = jsonBody<Session>(await get(`/hierarchy/sessions/${resumed.sessionId}`));
    expect(second.tasks.map((t) => t.objectiveId)).toEqual(STANDARD.slice(1));

    // A stage task of a run that is no longer under way changes nothing.
    const forged = await post('/hierarchy/sessions?wait=true', {
      mission: { name: 'forged stage' },
      objectives: [
        { type: 'mission_stage', input: { missionId: failed.missionId, runId: failed.runId, stage: 'briefing' } },
      ],
    });
    const task = jsonBody<Session>(forged).tasks[0];
    expect([task.status, task.attempts, task.reason]).toEqual([
      'failed',
      1,
      `run ${failed.runId} of mission ${failed.missionId} is no longer under way: its stages do not run`,
    ]);
    const bad = await post('/hierarchy/sessions', {
      mission: { name: 'bad stage' },
      objectives: [{ type: 'mission_stage', input: { missionId: 'm', runId: 'r', stage: 'lunch' } }],
    });
    expect(bad.statusCode).toBe(400);
    expect(jsonBody<{ error: string }>(bad).error).toContain('stage must be one of mission_planning, acquisition');
    const mode = await post('/missions', { url: `${base}/article`, mode: 'swarm' });
    expect([mode.statusCode, jsonBody<{ error: string }>(mode).error]).toEqual([
      400,
      'mode must be one of pipeline, hierarchical',
    ]);
  });

  it('plans over GraphQL and reads a mission back, for the key’s tenant only', async () => {
    const graphql = async <T>(query: string, variables: object, headers = tenant) =>
      jsonBody<GraphqlBody<T>>(
        await sut.request({ method: 'POST', url: '/graphql', headers, payload: { query, variables } }),
      );
    const planned = await graphql<{ planMission: { stages: { id: string }[]; planner: { kind: string } } }>(
      'mutation($url: String!) { planMission(url: $url, depth: "deep") { missionId stages { id } planner { kind } } }',
      { url: `${base}/article` },
    );
    expect([planned.data?.planMission.stages.length, planned.data?.planMission.planner.kind]).toEqual([12, 'rules']);
    const started = jsonBody<Mission>(await post('/missions?wait=true', { url: `${base}/article` }));
    const query =
      'query($id: String!) { mission(missionId: $id) { status stages { id status } ledger { toolCalls } } }';
    const read = await graphql<{ mission: { status: string; stages: unknown[]; ledger: { toolCalls: number } } }>(
      query,
      { id: started.missionId },
    );
    expect([read.errors, read.data?.mission.status, read.data?.mission.stages.length]).toEqual([
      undefined,
      'completed',
      8,
    ]);
    const other = await graphql(query, { id: started.missionId }, { 'x-tenant-id': 'globex' });
    expect(other.errors?.[0].message).toBe(`No mission "${started.missionId}" for tenant globex`);
  });

  it('counts runs by status and spend by resource', async () => {
    const metrics = (await sut.request({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^mission_runs_total\{status="completed"\} [1-9]/m);
    // One failed pipeline mission, one failed hierarchical one.
    expect(metrics).toMatch(/^mission_runs_total\{status="failed"\} 2$/m);
    expect(metrics).toMatch(/^mission_budget_spent_count\{resource="tool_calls"\} [1-9]/m);
    expect(metrics).toMatch(/^mission_plans_total\{depth="deep",planner="rules"\} [1-9]/m);
  });
});

/** A mission interrupted by a shutdown is resumed when the service boots again on the same data. */
describe('missions across a restart (e2e)', () => {
  let pages: PageServer;

  beforeAll(async () => {
    pages = new PageServer();
  });
  afterAll(() => pages.stop());

  it(
    'interrupts the running mission at shutdown and finishes it at the next boot, repeating no completed stage',
    async () => {
      const base = await pages.start();
      const dataDir = testDataDir();
      const config = { content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' }, persistence: { dataDir } };
      const first = await createTestApp(config);
      const started = jsonBody<Mission>(
        await first.request({
          method: 'POST',
          url: '/missions',
          headers: { 'x-tenant-id': 'acme' },
          payload: { url: `${base}/slow` },
        }),
      );
      // Acquisition waits on the page; the shutdown cuts it short.
      for (let i = 0; i < 100 && !(await pagesHeld(first, started.missionId)); i++) await delay(50);
      await first.close();
      pages.healthy = true;
      pages.release();

      const second = await createTestApp(config);
      try {
        let mission: Mission | undefined;
        for (let i = 0; i < 200; i++) {
          mission = jsonBody<Mission>(
            await second.request({
              method: 'GET',
              url: `/missions/${started.missionId}`,
              headers: { 'x-tenant-id': 'acme' },
            }),
          );
          if (mission.status === 'completed') break;
          await delay(100);
        }
        expect([mission?.status, mission?.attempts, mission?.messages.length]).toEqual(['completed', 2, 1]);
        expect(mission?.stages.map((s) => `${s.id}:${s.status}`)).toEqual(STANDARD.map((id) => `${id}:completed`));
      } finally {
        await second.close();
      }
    },
    4 * BOOT_TIMEOUT_MS,
  );
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the mission has reached acquisition (its planning stage is checkpointed). */
async function pagesHeld(app: TestApp, missionId: string): Promise<boolean> {
  const res = await app.request({ method: 'GET', url: `/missions/${missionId}`, headers: { 'x-tenant-id': 'acme' } });
  const m = jsonBody<Mission>(res);
  return m.status === 'running' && m.stages.length === 1;
}
