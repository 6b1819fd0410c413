import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { MissionTask } from '../../src/domain/hierarchical/handlers/builtin-handlers';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';

interface Task {
  readonly taskId: string;
  readonly objectiveId: string;
  readonly status: string;
  readonly agentId: string | null;
  readonly attempts: number;
  readonly reason: string | null;
  readonly result: { status: string; data?: Record<string, unknown> } | null;
}
interface Session {
  readonly sessionId: string;
  readonly status: string;
  readonly error: string | null;
  readonly tasks: readonly Task[];
  readonly synthesis: readonly { taskId: string; agentId: string; data: Record<string, unknown> }[] | null;
}

/** `/hierarchy`: sessions of real tasks routed to registered agents, by dependency phase. */
describe('hierarchical sessions (e2e)', () => {
  let t: TestApp;
  const files = mkdtempSync(join(tmpdir(), 'crew-hierarchy-'));

  beforeAll(async () => {
    writeFileSync(
      join(files, 'budget.txt'),
      'The city council approved the 2026 budget on Monday. Mayor Ann Lee said the budget raises school funding ' +
        'by 12 percent. Critics said the budget cuts park maintenance and raises the transit fare.',
    );
    writeFileSync(
      join(files, 'schools.txt'),
      'School funding rose 12 percent under the new city budget. Teachers in Springfield welcomed the budget, ' +
        'while parents asked how the transit fare rise will affect students.',
    );
    t = await createTestApp({ content: { ytDlp: 'off', fileRoots: [files] } });
    for (const agent of [
      { agentId: 'reader-1', role: 'content_ingestion', capabilities: ['autointel', 'fallback'] },
      { agentId: 'reader-2', role: 'content_ingestion', capabilities: ['autointel', 'fallback'] },
      { agentId: 'lead', role: 'executive_supervisor', capabilities: ['synthesis'], specialisations: ['synthesis'] },
    ]) {
      const res = await t.request({ method: 'POST', url: '/hierarchy/agents', payload: agent });
      expect(res.statusCode).toBe(201);
    }
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  const create = (payload: object, wait = true) =>
    t.request({ method: 'POST', url: `/hierarchy/sessions${wait ? '?wait=true' : ''}`, payload });

  it('runs two autointel tasks in one phase, then a synthesis of both: completed, with both results', async () => {
    const res = await create({
      mission: { name: 'City budget', context: { desk: 'local' } },
      objectives: [
        { id: 'budget', type: 'autointel', priority: 8, input: { url: join(files, 'budget.txt') } },
        { id: 'schools', type: 'autointel', priority: 6, input: { url: join(files, 'schools.txt') } },
        { id: 'brief', type: 'synthesis', priority: 9, dependencies: ['budget', 'schools'] },
      ],
    });
    expect(res.statusCode).toBe(200);
    const session = jsonBody<Session>(res);
    expect([session.status, session.error]).toEqual(['completed', null]);
    const byObjective = Object.fromEntries(session.tasks.map((task) => [task.objectiveId, task]));
    expect(session.tasks.map((task) => [task.objectiveId, task.status, task.attempts])).toEqual([
      ['budget', 'completed', 1],
      ['schools', 'completed', 1],
      ['brief', 'completed', 1],
    ]);
    // Both readers share the phase (routing spreads the load), the synthesis goes to its specialist.
    expect(new Set([byObjective.budget.agentId, byObjective.schools.agentId])).toEqual(
      new Set(['reader-1', 'reader-2']),
    );
    expect(byObjective.brief.agentId).toBe('lead');
    const brief = byObjective.brief.result!.data as {
      sourceCount: number;
      sources: { objectiveId: string; source: string; summary: string[] }[];
      sharedTopics: string[];
    };
    expect(brief.sourceCount).toBe(2);
    expect(brief.sources.map((s) => [s.objectiveId, s.source])).toEqual([
      ['budget', pathToFileURL(join(files, 'budget.txt')).href],
      ['schools', pathToFileURL(join(files, 'schools.txt')).href],
    ]);
    expect(brief.sources.every((s) => s.summary.length > 0)).toBe(true);
    expect(brief.sharedTopics).toContain('budget');
    // Synthesis: the executive's result first, then by priority.
    expect(session.synthesis!.map((s) => s.taskId)).toEqual([
      `${session.sessionId}_brief`,
      `${session.sessionId}_budget`,
      `${session.sessionId}_schools`,
    ]);
    const stored = await t.request({ method: 'GET', url: `/hierarchy/sessions/${session.sessionId}` });
    expect(jsonBody<Session>(stored).status).toBe('completed');
    const agents = jsonBody<{ agents: { agentId: string; completed: number }[] }>(
      await t.request({ method: 'GET', url: '/hierarchy/agents' }),
    );
    expect(agents.agents.map((a) => [a.agentId, a.completed])).toEqual([
      ['lead', 1],
      ['reader-1', 1],
      ['reader-2', 1],
    ]);
  }, 60_000);

  it('runs a whole mission as a task: planned, run stage by stage under its budget, its record the task’s data', async () => {
    const agent = { agentId: 'planner', role: 'mission_orchestrator', capabilities: ['mission'] };
    expect((await t.request({ method: 'POST', url: '/hierarchy/agents', payload: agent })).statusCode).toBe(201);
    const res = await create({
      mission: { name: 'budget mission' },
      objectives: [{ id: 'm', type: 'mission', input: { url: join(files, 'budget.txt') } }],
    });
    const session = jsonBody<Session>(res);
    expect([session.status, session.tasks.map((task) => [task.status, task.agentId])]).toEqual([
      'completed',
      [['completed', 'planner']],
    ]);
    const record = session.tasks[0].result!.data as {
      status: string;
      plan: { depth: string; stages: { id: string }[] };
      stages: { id: string; status: string }[];
    };
    expect([record.status, record.plan.depth, record.stages.length]).toEqual(['completed', 'standard', 8]);
    expect(record.stages.map((s) => s.id).slice(0, 2)).toEqual(['mission_planning', 'acquisition']);
    // The mission is named by the attempt's idempotency key: the same attempt run again (after a restart) follows
    // it instead of starting a second mission.
    const key = `${session.sessionId}/${session.tasks[0].taskId}#1`;
    const missionId = `task-mission.${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
    expect((record as unknown as { missionId: string }).missionId).toBe(missionId);
    const handler = t.app.get(MissionTask);
    const again = await handler.handle({
      ctx: OrchestrationContext.create({ tenantId: 'default' }),
      sessionId: session.sessionId,
      taskId: session.tasks[0].taskId,
      objectiveId: 'm',
      type: 'mission',
      input: { url: join(files, 'budget.txt') },
      inputs: {},
      agentId: 'planner',
      idempotencyKey: key,
      signal: new AbortController().signal,
      progress: () => undefined,
      delegate: () => Promise.reject(new Error('not delegated here')),
    });
    expect([again.status, (again as { data: { missionId: string } }).data.missionId]).toEqual(['ok', missionId]);
    const listed = jsonBody<{ missions: { missionId: string }[] }>(
      await t.request({ method: 'GET', url: '/missions' }),
    );
    expect(listed.missions.filter((m) => m.missionId.startsWith('task-mission.')).map((m) => m.missionId)).toEqual([
      missionId,
    ]);
    await t.request({ method: 'DELETE', url: '/hierarchy/agents/planner' });
  }, 60_000);

  it.each([
    [{ mission: { name: 'm' }, objectives: [] }, 'objectives must not be empty'],
    [
      { mission: { name: 'm' }, objectives: [{ id: 'a', type: 'synthesis', dependencies: ['nope'] }] },
      'objectives[0].dependencies names an unknown objective "nope"',
    ],
    [
      { mission: { name: 'm' }, objectives: [{ type: 'autointel', priority: 11, input: { url: 'x' } }] },
      'objectives.0.priority',
    ],
    [
      { mission: { name: 'm' }, objectives: [{ type: 'translate' }] },
      'objectives[0].type "translate" names no handler',
    ],
    [
      { mission: { name: 'm' }, objectives: [{ type: 'autointel', input: { url: 'ftp://a.invalid/x' } }] },
      'objectives[0].input.url must be',
    ],
    [
      { mission: { name: 'm' }, objectives: [{ type: 'synthesis', agentId: 'ghost' }] },
      'objectives[0].agentId "ghost" is not a registered agent',
    ],
  ])('refuses %j with 400 naming the field', async (payload, named) => {
    const res = await create(payload, false);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: string }>().error).toContain(named);
  });

  it('stores a session whose dependencies form a cycle as partial, naming it, and runs nothing (422)', async () => {
    const res = await create(
      {
        mission: { name: 'loop' },
        objectives: [
          { id: 'a', type: 'synthesis', dependencies: ['b'] },
          { id: 'b', type: 'synthesis', dependencies: ['a'] },
        ],
      },
      false,
    );
    expect(res.statusCode).toBe(422);
    const message = res.json<{ error: string }>().error;
    const sessionId = /stored as session (\S+)\)/.exec(message)![1];
    expect(message).toContain(`objectives[].dependencies form a cycle: ${sessionId}_a, ${sessionId}_b`);
    const stored = jsonBody<Session>(await t.request({ method: 'GET', url: `/hierarchy/sessions/${sessionId}` }));
    expect([stored.status, stored.tasks.map((task) => [task.status, task.reason, task.attempts])]).toEqual([
      'partial',
      [
        ['skipped', 'dependency_cycle', 0],
        ['skipped', 'dependency_cycle', 0],
      ],
    ]);
  });

  it('fails a task no agent can take (no_eligible_agent) without running it; the session fails', async () => {
    const res = await create({
      mission: { name: 'feedback only' },
      objectives: [
        { id: 'f', type: 'feedback', input: { signal: { componentType: 'tool', componentId: 'x', reward: 1 } } },
      ],
    });
    const session = jsonBody<Session>(res);
    expect([session.status, session.tasks.map((task) => [task.status, task.reason, task.attempts])]).toEqual([
      'failed',
      [['failed', 'no_eligible_agent', 0]],
    ]);
  });

  it('heartbeats: 200 for a registered agent, 404 for an unknown one, 400 naming a bad field', async () => {
    const ok = await t.request({ method: 'POST', url: '/hierarchy/agents/reader-1/heartbeat', payload: { load: 0.5 } });
    expect([ok.statusCode, ok.json<{ reportedLoad: number; status: string }>()]).toMatchObject([
      200,
      { reportedLoad: 0.5, status: 'active' },
    ]);
    const unknown = await t.request({ method: 'POST', url: '/hierarchy/agents/ghost/heartbeat', payload: {} });
    expect(unknown.statusCode).toBe(404);
    const bad = await t.request({ method: 'POST', url: '/hierarchy/agents/reader-1/heartbeat', payload: { load: 3 } });
    expect([bad.statusCode, bad.json<{ error: string }>().error]).toEqual([400, 'load must not be greater than 1']);
    await t.request({ method: 'POST', url: '/hierarchy/agents/reader-1/heartbeat', payload: { load: 0 } });
  });

  it('GraphQL: creates a session, reads it back with its tasks, lists agents; bad input names the field', async () => {
    const created = await t.graphql<{ createHierarchySession: { sessionId: string; status: string } }>(
      `mutation ($objectives: [JSONObject!]!) {
        createHierarchySession(mission: { name: "graphql" }, objectives: $objectives) { sessionId status }
      }`,
      { objectives: [{ id: 'page', type: 'fallback', input: { url: join(files, 'budget.txt') } }] },
    );
    const id = created.data!.createHierarchySession.sessionId;
    expect(created.data!.createHierarchySession.status).toBe('queued');
    let read: { status: string; tasks: { objectiveId: string; status: string; agentId: string }[] } | undefined;
    for (let i = 0; i < 200; i++) {
      const res = await t.graphql<{ hierarchySession: NonNullable<typeof read> }>(
        `{ hierarchySession(sessionId: "${id}") { status tasks { objectiveId status agentId } } }`,
      );
      read = res.data!.hierarchySession;
      if (read.status !== 'queued' && read.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect([read?.status, read?.tasks.map((task) => [task.objectiveId, task.status])]).toEqual([
      'completed',
      [['page', 'completed']],
    ]);
    expect(read?.tasks[0].agentId).toMatch(/^reader-/);
    const agents = await t.graphql<{ hierarchyAgents: { agentId: string; status: string }[] }>(
      '{ hierarchyAgents { agentId status } }',
    );
    expect(agents.data!.hierarchyAgents.map((a) => a.agentId)).toEqual(['lead', 'reader-1', 'reader-2']);
    const bad = await t.graphql(
      'mutation { createHierarchySession(mission: { name: "x" }, objectives: [{ type: "fallback", priority: 0 }]) { sessionId } }',
    );
    expect(bad.errors?.[0].message).toContain('objectives.0.priority must not be less than 1');
  }, 60_000);
});
