import type { StoredInteraction } from '../../src/core/ports/interaction-log.port';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { PageServer } from '../fixtures/page-server';
import { createTestApp, type TestApp } from '../fixtures/test-app';

/** `GET /analytics/interactions` after real work: an autonomous run's crew tasks, a hierarchy session, a mission. */
describe('interactions (e2e)', () => {
  let t: TestApp;
  const pages = new PageServer();
  let base = '';

  beforeAll(async () => {
    base = await pages.start();
    t = await createTestApp({ content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' } });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
    await pages.stop();
  }, BOOT_TIMEOUT_MS);

  const interactions = async (query = '') => {
    const res = await t.request({ method: 'GET', url: `/analytics/interactions${query}` });
    expect(res.statusCode).toBe(200);
    return jsonBody<{ interactions: StoredInteraction[] }>(res).interactions;
  };
  const of = (all: StoredInteraction[], runId: string) => all.filter((i) => i.runId === runId);
  const brief = (i: StoredInteraction) =>
    `${i.source} ${i.agent} ${i.taskType} [${i.toolSequence.join(',')}] ${i.outcome}`;

  it('records every crew task of an autonomous run: agent, task, the stages it called, ok, a quality score', async () => {
    const run = await t.request({ method: 'POST', url: '/autointel?wait=true', payload: { url: `${base}/article` } });
    expect(run.statusCode).toBe(200);
    const { workflowId } = jsonBody<{ workflowId: string }>(run);
    const crew = of(await interactions(), workflowId);
    // The standard depth's plan: no integration task.
    expect(crew.map(brief)).toEqual([
      'crew acquisition_specialist acquisition [S1] ok',
      'crew transcription_engineer transcription [S2] ok',
      'crew analysis_cartographer analysis.text [S3] ok',
      'crew verification_director analysis.fact [S4] ok',
      'crew verification_director analysis.bias [S6] ok',
    ]);
    expect(crew.every((i) => typeof i.quality === 'number' && i.quality > 0 && i.quality <= 1)).toBe(true);
    expect(crew.every((i) => i.error === null && i.durationMs >= 0)).toBe(true);

    const filtered = await interactions('?agent=verification_director&taskType=analysis.bias&limit=1');
    expect(filtered.map((i) => [i.runId, i.agent, i.taskType])).toEqual([
      [workflowId, 'verification_director', 'analysis.bias'],
    ]);
    const later = await interactions(`?since=${crew.at(-1)!.at + 1}`);
    expect(later.filter((i) => i.runId === workflowId)).toEqual([]);
  });

  it('records a hierarchy session’s tasks under their agents, and a mission’s stages under their roster roles', async () => {
    for (const agent of [
      { agentId: 'reader', role: 'content_ingestion', capabilities: ['fallback'] },
      { agentId: 'lead', role: 'executive_supervisor', capabilities: ['synthesis'], specialisations: ['synthesis'] },
    ])
      expect((await t.request({ method: 'POST', url: '/hierarchy/agents', payload: agent })).statusCode).toBe(201);
    const session = await t.request({
      method: 'POST',
      url: '/hierarchy/sessions?wait=true',
      payload: {
        mission: { name: 'harbour' },
        objectives: [
          { id: 'read', type: 'fallback', input: { url: `${base}/article` } },
          { id: 'sum', type: 'synthesis', dependencies: ['read'] },
        ],
      },
    });
    expect(session.statusCode).toBe(200);
    const { sessionId } = jsonBody<{ sessionId: string }>(session);

    const mission = await t.request({
      method: 'POST',
      url: '/missions?wait=true',
      payload: { url: `${base}/article` },
    });
    expect(mission.statusCode).toBe(200);
    const { missionId } = jsonBody<{ missionId: string }>(mission);

    const all = await interactions();
    expect(of(all, sessionId).map(brief)).toEqual([
      'hierarchy reader fallback [] ok',
      'hierarchy lead synthesis [] ok',
    ]);
    expect(of(all, missionId).map(brief)).toEqual([
      'mission mission_orchestrator mission_planning [] ok',
      'mission acquisition_specialist acquisition [S1] ok',
      'mission acquisition_specialist transcription [S2] ok',
      'mission analysis_cartographer content_analysis [S3] ok',
      'mission analysis_cartographer verification [S4] ok',
      'mission analysis_cartographer threat_analysis [S6] ok',
      'mission analysis_cartographer knowledge_integration [S7] ok',
      'mission mission_orchestrator briefing [S12] ok',
    ]);
    // A fallback run reports no content quality; mission stages give data, not replies.
    expect([...of(all, sessionId), ...of(all, missionId)].map((i) => i.quality).every((q) => q === null)).toBe(true);
  });

  it('answers 400 naming the field for a malformed filter', async () => {
    const errors = await Promise.all(
      ['?limit=0', '?since=yesterday', '?until=-1', `?agent=${'a'.repeat(129)}`, '?colour=red'].map(async (q) => {
        const res = await t.request({ method: 'GET', url: `/analytics/interactions${q}` });
        return [res.statusCode, jsonBody<{ error: string }>(res).error];
      }),
    );
    expect(errors).toEqual([
      [400, 'limit must be an integer from 1 to 10000'],
      [400, 'since must be epoch milliseconds (digits only)'],
      [400, 'until must be epoch milliseconds (digits only)'],
      [400, 'agent must be 1 to 128 characters'],
      [400, 'colour is not an allowed field'],
    ]);
  });
});
