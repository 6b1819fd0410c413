import { createServer, type Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { INTERACTION_LOG, type InteractionLogPort } from '../../src/core/ports/interaction-log.port';
import { createApp } from '../fixtures/boot';
import { appTestConfig } from '../fixtures/test-config';
import type { AddressInfo } from 'node:net';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { bearer, TEST_ADMIN_KEY } from '../fixtures/test-keys';

/**
 * Tenant A's keys against tenant B's data on every tenant-scoped route and operation: nothing of B is read or
 * changed (404, 403 or an answer without B's data), and B still sees all of it afterwards.
 */
describe('tenant isolation (API keys of two tenants)', () => {
  let t: TestApp;
  let page: Server;
  let pageUrl: string;
  const keys: Record<'aUser' | 'aAdmin' | 'bUser' | 'bAdmin', string> = {
    aUser: '',
    aAdmin: '',
    bUser: '',
    bAdmin: '',
  };

  const key = async (tenant: string, roles: string[]) => {
    const res = await t.request({
      method: 'POST',
      url: '/security/keys',
      headers: { 'x-tenant-id': tenant },
      payload: { name: `${tenant} ${roles[0]}`, roles },
    });
    return jsonBody<{ data: { key: string } }>(res).data.key;
  };
  const as = (k: string) => bearer(k);

  beforeAll(async () => {
    page = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html><head><title>Tenant page</title></head><body><p>Private text of tenant B.</p></body></html>');
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/b`;
    t = await createTestApp({ content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' } });
    keys.aUser = await key('tenant-a', ['user']);
    keys.aAdmin = await key('tenant-a', ['admin']);
    keys.bUser = await key('tenant-b', ['user']);
    keys.bAdmin = await key('tenant-b', ['admin']);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
    await new Promise((r) => page?.close(r));
  }, BOOT_TIMEOUT_MS);

  it('autointel runs: A cannot read, list, follow or fetch the report of B’s run, nor start one in B', async () => {
    const started = await t.request({
      method: 'POST',
      url: '/autointel?wait=true',
      headers: as(keys.bUser),
      payload: { url: pageUrl, mode: 'fallback' },
    });
    expect(started.statusCode).toBe(200);
    const id = jsonBody<{ workflowId: string }>(started).workflowId;
    const read = await t.request({ method: 'GET', url: `/autointel/${id}`, headers: as(keys.aUser) });
    const events = await t.request({ method: 'GET', url: `/autointel/${id}/events`, headers: as(keys.aUser) });
    const report = await t.request({ method: 'GET', url: `/autointel/${id}/report`, headers: as(keys.aUser) });
    const own = await t.request({ method: 'GET', url: `/autointel/${id}/report`, headers: as(keys.bUser) });
    const list = await t.request({ method: 'GET', url: '/autointel', headers: as(keys.aUser) });
    expect([
      read.statusCode,
      events.statusCode,
      report.statusCode,
      own.statusCode,
      jsonBody<{ runs: unknown[] }>(list).runs.length,
    ]).toEqual([404, 404, 404, 200, 0]);
    const intoB = await t.request({
      method: 'POST',
      url: '/autointel',
      headers: as(keys.aUser),
      payload: { url: pageUrl, mode: 'fallback', tenant: 'tenant-b' },
    });
    expect(intoB.statusCode).toBe(403);
    const bList = await t.request({ method: 'GET', url: '/autointel', headers: as(keys.bUser) });
    expect(jsonBody<{ runs: { workflowId: string }[] }>(bList).runs.map((r) => r.workflowId)).toEqual([id]);
  });

  it('hierarchy: A cannot read, list, cancel or recover B’s session, nor see, beat or pin B’s agent', async () => {
    const agent = await t.request({
      method: 'POST',
      url: '/hierarchy/agents',
      headers: as(keys.bAdmin),
      payload: { agentId: 'b-reader', role: 'content_ingestion', capabilities: ['fallback'] },
    });
    expect(agent.statusCode).toBe(201);
    const created = await t.request({
      method: 'POST',
      url: '/hierarchy/sessions?wait=true',
      headers: as(keys.bUser),
      payload: {
        mission: { name: 'b mission' },
        objectives: [{ id: 'page', type: 'fallback', input: { url: pageUrl } }],
      },
    });
    expect(created.statusCode).toBe(200);
    const session = jsonBody<{ sessionId: string; status: string }>(created);
    expect(session.status).toBe('completed');
    const id = session.sessionId;
    const asA = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.request({ method, url, headers: as(keys.aUser), ...(payload ? { payload } : {}) });
    const answers = [
      await asA('GET', `/hierarchy/sessions/${id}`),
      await asA('POST', `/hierarchy/sessions/${id}/cancel`),
      await asA('POST', `/hierarchy/sessions/${id}/recover`, { strategy: 'full_restart' }),
      await asA('POST', '/hierarchy/agents/b-reader/heartbeat', {}),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([404, 404, 404, 404]);
    const aSessions = jsonBody<{ sessions: unknown[] }>(await asA('GET', '/hierarchy/sessions'));
    const aAgents = jsonBody<{ agents: unknown[] }>(await asA('GET', '/hierarchy/agents'));
    expect([aSessions.sessions.length, aAgents.agents.length]).toEqual([0, 0]);
    const pinned = await asA('POST', '/hierarchy/sessions', {
      mission: { name: 'a mission' },
      objectives: [{ type: 'fallback', agentId: 'b-reader', input: { url: pageUrl } }],
    });
    expect([pinned.statusCode, pinned.json<{ error: string }>().error]).toEqual([
      400,
      'objectives[0].agentId "b-reader" is not a registered agent of tenant tenant-a',
    ]);
    const removed = await t.request({ method: 'DELETE', url: '/hierarchy/agents/b-reader', headers: as(keys.aAdmin) });
    expect(removed.statusCode).toBe(404);
    const bView = jsonBody<{ status: string; tasks: { status: string }[] }>(
      await t.request({ method: 'GET', url: `/hierarchy/sessions/${id}`, headers: as(keys.bUser) }),
    );
    expect([bView.status, bView.tasks.map((task) => task.status)]).toEqual(['completed', ['completed']]);
  });

  it('missions: A cannot read, list or resume B’s mission, over REST or GraphQL', async () => {
    const started = await t.request({
      method: 'POST',
      url: '/missions?wait=true',
      headers: as(keys.bUser),
      payload: { url: pageUrl },
    });
    expect(started.statusCode).toBe(200);
    const id = jsonBody<{ missionId: string }>(started).missionId;
    const read = await t.request({ method: 'GET', url: `/missions/${id}`, headers: as(keys.aUser) });
    const resume = await t.request({ method: 'POST', url: `/missions/${id}/resume`, headers: as(keys.aUser) });
    const list = await t.request({ method: 'GET', url: '/missions', headers: as(keys.aUser) });
    const gql = await t.request({
      method: 'POST',
      url: '/graphql',
      headers: as(keys.aUser),
      payload: { query: `{ mission(missionId: "${id}") { status } }` },
    });
    expect([read.statusCode, resume.statusCode, jsonBody<{ missions: unknown[] }>(list).missions.length]).toEqual([
      404, 404, 0,
    ]);
    expect(jsonBody<{ errors: { message: string }[] }>(gql).errors[0].message).toBe(
      `No mission "${id}" for tenant tenant-a`,
    );
    const own = await t.request({ method: 'GET', url: `/missions/${id}`, headers: as(keys.bUser) });
    expect([own.statusCode, jsonBody<{ status: string; attempts: number }>(own).attempts]).toEqual([200, 1]);
  });

  it('interactions: A sees none of the interactions B’s session and mission left; B sees them, all its own', async () => {
    const read = (k: string, query = '') =>
      t.request({ method: 'GET', url: `/analytics/interactions${query}`, headers: as(k) });
    type Listed = { interactions: { tenantId: string; agent: string; source: string }[] };
    const b = jsonBody<Listed>(await read(keys.bUser)).interactions;
    const a = jsonBody<Listed>(await read(keys.aUser)).interactions;
    const aByAgent = jsonBody<Listed>(await read(keys.aAdmin, '?agent=b-reader')).interactions;
    expect([a.length, aByAgent.length]).toEqual([0, 0]);
    expect([...new Set(b.map((i) => i.tenantId))]).toEqual(['tenant-b']);
    expect(b.filter((i) => i.agent === 'b-reader').map((i) => i.source)).toEqual(['hierarchy']);
    expect(b.filter((i) => i.source === 'mission').length).toBeGreaterThan(0);
  });

  it('hierarchical missions: A sees none of B’s stage session and cannot run its stages; the mode needs hierarchical.run', async () => {
    const started = await t.request({
      method: 'POST',
      url: '/missions?wait=true',
      headers: as(keys.bUser),
      payload: { url: pageUrl, mode: 'hierarchical' },
    });
    const mission = jsonBody<{ missionId: string; runId: string; sessionId: string; status: string }>(started);
    expect([started.statusCode, mission.status]).toEqual([200, 'completed']);
    const session = await t.request({
      method: 'GET',
      url: `/hierarchy/sessions/${mission.sessionId}`,
      headers: as(keys.aUser),
    });
    expect(session.statusCode).toBe(404);
    // A's own agent and session: the stage task looks for the mission in A's tenant only.
    await t.request({
      method: 'POST',
      url: '/hierarchy/agents',
      headers: as(keys.aAdmin),
      payload: { agentId: 'a-stager', role: 'worker', capabilities: ['mission_stage'] },
    });
    const forged = await t.request({
      method: 'POST',
      url: '/hierarchy/sessions?wait=true',
      headers: as(keys.aUser),
      payload: {
        mission: { name: 'forged' },
        objectives: [
          { type: 'mission_stage', input: { missionId: mission.missionId, runId: mission.runId, stage: 'briefing' } },
        ],
      },
    });
    const task = jsonBody<{ tasks: { status: string; reason: string }[] }>(forged).tasks[0];
    expect([task.status, task.reason]).toEqual(['failed', `No mission "${mission.missionId}" for tenant tenant-a`]);
    const scoped = await t.request({
      method: 'POST',
      url: '/security/keys',
      headers: { 'x-tenant-id': 'tenant-a' },
      payload: { name: 'tenant-a missions only', roles: ['viewer'], scopes: ['mission_orchestrator.run'] },
    });
    const missionsOnly = jsonBody<{ data: { key: string } }>(scoped).data.key;
    const refused = await t.request({
      method: 'POST',
      url: '/missions',
      headers: as(missionsOnly),
      payload: { url: pageUrl, mode: 'hierarchical' },
    });
    expect(refused.statusCode).toBe(403);
    expect(jsonBody<{ error: string }>(refused).error).toContain('hierarchical.run');
    const pipeline = await t.request({
      method: 'POST',
      url: '/missions',
      headers: as(missionsOnly),
      payload: { url: pageUrl },
    });
    expect(pipeline.statusCode).toBe(202);
  });

  it('analytics: A sees none of B’s rules or alerts and can neither delete B’s rule nor acknowledge B’s alert', async () => {
    const rule = { metric: 'health_score', comparator: 'lt', threshold: 2, severity: 'info', cooldownMs: 0 };
    const put = await t.request({
      method: 'PUT',
      url: '/analytics/rules/b_only_rule',
      headers: as(keys.bAdmin),
      payload: rule,
    });
    expect(put.statusCode).toBe(200);
    const aRules = await t.request({ method: 'GET', url: '/analytics/rules', headers: as(keys.aUser) });
    const aAlerts = await t.request({ method: 'GET', url: '/analytics/alerts', headers: as(keys.aUser) });
    const bRules = await t.request({ method: 'GET', url: '/analytics/rules', headers: as(keys.bUser) });
    expect([aRules.statusCode, aAlerts.statusCode, bRules.body.includes('b_only_rule')]).toEqual([200, 200, true]);
    expect(aRules.body + aAlerts.body).not.toContain('b_only_rule');
    const del = await t.request({ method: 'DELETE', url: '/analytics/rules/b_only_rule', headers: as(keys.aAdmin) });
    const ack = await t.request({
      method: 'POST',
      url: '/analytics/alerts/b_only_rule_20261207_000000/ack',
      headers: as(keys.aAdmin),
    });
    expect([del.statusCode, ack.statusCode]).toEqual([404, 404]);
    const still = await t.request({ method: 'GET', url: '/analytics/rules', headers: as(keys.bUser) });
    expect(still.body).toContain('b_only_rule');
  });

  it('monitoring: A sees none of B’s creators or sources and can neither change nor remove them, over REST or GraphQL', async () => {
    const req = (k: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.request({ method, url, headers: as(k), ...(payload ? { payload } : {}) });
    expect((await req(keys.bUser, 'POST', '/monitoring/creators', { id: 'b_creator' })).statusCode).toBe(201);
    const added = await req(keys.bUser, 'POST', '/monitoring/sources', {
      creatorId: 'b_creator',
      platform: 'feed',
      locator: `${pageUrl}/feed.xml`,
    });
    const sourceId = jsonBody<{ id: string; tenantId: string }>(added).id;
    expect(jsonBody<{ tenantId: string }>(added).tenantId).toBe('tenant-b');
    const answers = [
      await req(keys.aUser, 'GET', '/monitoring/creators/b_creator'),
      await req(keys.aUser, 'PATCH', '/monitoring/creators/b_creator', { name: 'taken' }),
      await req(keys.aUser, 'DELETE', '/monitoring/creators/b_creator'),
      await req(keys.aUser, 'GET', `/monitoring/sources/${sourceId}`),
      await req(keys.aUser, 'PATCH', `/monitoring/sources/${sourceId}`, { priority: 1 }),
      await req(keys.aUser, 'DELETE', `/monitoring/sources/${sourceId}`),
      await req(keys.aUser, 'GET', `/monitoring/sources/${sourceId}/items`),
      await req(keys.aUser, 'POST', `/monitoring/sources/${sourceId}/check`),
      // A source under B's creator id is refused: the creator does not exist in A.
      await req(keys.aUser, 'POST', '/monitoring/sources', {
        creatorId: 'b_creator',
        platform: 'reddit',
        locator: 'r/news',
      }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404]);
    const lists = [
      await req(keys.aUser, 'GET', '/monitoring/creators'),
      await req(keys.aUser, 'GET', '/monitoring/sources'),
      await req(keys.aUser, 'GET', '/monitoring/sources?creatorId=b_creator'),
      await req(keys.aUser, 'GET', '/monitoring/opml'),
    ];
    expect(lists.map((l) => l.statusCode)).toEqual([200, 200, 200, 200]);
    expect(lists.map((l) => l.body).join('')).not.toContain('b_creator');
    // The same feed is A's own source in A, not a duplicate of B's.
    const aCreator = await req(keys.aUser, 'POST', '/monitoring/creators', { id: 'b_creator' });
    const aSource = await req(keys.aUser, 'POST', '/monitoring/sources', {
      creatorId: 'b_creator',
      platform: 'feed',
      locator: `${pageUrl}/feed.xml`,
    });
    expect([aCreator.statusCode, aSource.statusCode]).toEqual([201, 201]);
    const gql = await t.request({
      method: 'POST',
      url: '/graphql',
      headers: as(keys.aUser),
      payload: { query: `mutation { removeMonitoringSource(sourceId: "${sourceId}") }` },
    });
    expect(JSON.stringify(gql.json())).toContain('No source');
    const bSees = await req(keys.bUser, 'GET', '/monitoring/creators/b_creator');
    expect(jsonBody<{ name: string; sources: { id: string }[] }>(bSees)).toMatchObject({
      name: 'b_creator',
      sources: [{ id: sourceId }],
    });
  });

  it('feedback: A sees none of B’s signals or components and cannot clear B’s', async () => {
    const sent = await t.request({
      method: 'POST',
      url: '/feedback',
      headers: as(keys.bUser),
      payload: { signalId: 'b-1', componentType: 'tool', componentId: 'b-only-tool', reward: 0.2 },
    });
    expect(sent.statusCode).toBe(202);
    const again = await t.request({
      method: 'POST',
      url: '/feedback',
      headers: as(keys.aUser),
      payload: { signalId: 'b-1', componentType: 'tool', componentId: 'a-tool', reward: 0.9 },
    });
    expect(jsonBody<{ data: { duplicate: boolean } }>(again).data.duplicate).toBe(false);
    const aMetrics = await t.request({ method: 'GET', url: '/feedback/metrics', headers: as(keys.aUser) });
    const aHealth = await t.request({ method: 'GET', url: '/feedback/health', headers: as(keys.aUser) });
    expect(aMetrics.body + aHealth.body).not.toContain('b-only-tool');
    const clear = await t.request({
      method: 'DELETE',
      url: '/feedback/disabled/tool/b-only-tool',
      headers: as(keys.aAdmin),
    });
    expect(clear.statusCode).toBe(404);
  });

  it('bandits: A cannot reward B’s decision, see B’s domains or decide in them', async () => {
    const put = await t.request({
      method: 'PUT',
      url: '/bandits/domains/b_shop',
      headers: as(keys.bAdmin),
      payload: { actions: ['x', 'y'], algorithms: ['linucb'] },
    });
    expect(put.statusCode).toBe(200);
    const decided = await t.request({
      method: 'POST',
      url: '/bandits/b_shop/decisions',
      headers: as(keys.bUser),
      payload: { userId: 'u1' },
    });
    expect(decided.statusCode).toBe(201);
    const decisionId = jsonBody<{ data: { decisionId: string } }>(decided).data.decisionId;
    const reward = await t.request({
      method: 'POST',
      url: '/bandits/feedback',
      headers: as(keys.aUser),
      payload: { decisionId, reward: 1 },
    });
    const aDomains = await t.request({ method: 'GET', url: '/bandits/domains', headers: as(keys.aUser) });
    const aDecide = await t.request({
      method: 'POST',
      url: '/bandits/b_shop/decisions',
      headers: as(keys.aUser),
      payload: { userId: 'u1' },
    });
    expect([reward.statusCode, aDomains.body.includes('b_shop'), aDecide.statusCode]).toEqual([404, false, 404]);
    const bReward = await t.request({
      method: 'POST',
      url: '/bandits/feedback',
      headers: as(keys.bUser),
      payload: { decisionId, reward: 1 },
    });
    expect(bReward.statusCode).toBe(200);
  });

  it('keys, audit and threats: A’s admin sees and changes only A’s', async () => {
    const bKeyId = keys.bUser.split('.')[0];
    const revoke = await t.request({ method: 'DELETE', url: `/security/keys/${bKeyId}`, headers: as(keys.aAdmin) });
    const rotate = await t.request({
      method: 'POST',
      url: `/security/keys/${bKeyId}/rotate`,
      headers: as(keys.aAdmin),
    });
    const list = await t.request({ method: 'GET', url: '/security/keys', headers: as(keys.aAdmin) });
    expect([revoke.statusCode, rotate.statusCode]).toEqual([404, 404]);
    // A's user and admin keys, and the missions-only key of the hierarchical missions case.
    expect(jsonBody<{ data: { keys: { tenantId: string }[] } }>(list).data.keys.map((k) => k.tenantId)).toEqual([
      'tenant-a',
      'tenant-a',
      'tenant-a',
    ]);
    const audit = await t.request({ method: 'GET', url: '/security/audit?limit=1000', headers: as(keys.aAdmin) });
    const rows = jsonBody<{ data: { rows: { tenantId: string | null }[] } }>(audit).data.rows;
    expect(rows.filter((r) => r.tenantId !== 'tenant-a')).toEqual([]);
    const threats = await t.request({ method: 'GET', url: '/security/threats', headers: as(keys.aAdmin) });
    expect(threats.statusCode).toBe(200);
    expect(await t.request({ method: 'GET', url: '/orchestrators', headers: as(keys.bUser) })).toHaveProperty(
      'statusCode',
      200,
    );
  });

  it('the blocklist: A’s admin may neither read nor change it (an entry shuts B out too)', async () => {
    const bKeyId = keys.bUser.split('.')[0];
    const answers = await Promise.all([
      t.request({ method: 'GET', url: '/security/blocklist', headers: as(keys.aAdmin) }),
      t.request({
        method: 'POST',
        url: '/security/blocklist',
        headers: as(keys.aAdmin),
        payload: { kind: 'principal', value: bKeyId, reason: 'not yours' },
      }),
      t.request({ method: 'DELETE', url: `/security/blocklist/principal/${bKeyId}`, headers: as(keys.aAdmin) }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([403, 403, 403]);
    expect((await t.request({ method: 'GET', url: '/orchestrators', headers: as(keys.bUser) })).statusCode).toBe(200);
  });

  it('the generic route and GraphQL run in the key’s tenant and refuse another', async () => {
    const echo = await t.request({
      method: 'POST',
      url: '/orchestrators/echo/orchestrate',
      headers: as(keys.aUser),
      payload: { input: {} },
    });
    expect(jsonBody<{ data: { tenantId: string } }>(echo).data.tenantId).toBe('tenant-a');
    const gql = await t.request({
      method: 'POST',
      url: '/graphql',
      headers: as(keys.aUser),
      payload: {
        query: 'mutation { orchestrate(name: "echo", context: { tenantId: "tenant-b" }, input: {}) { status error } }',
      },
    });
    expect(JSON.stringify(gql.json())).toContain('may not act for tenant');
  });
});

/** Agent training: reports read the tenant's own interactions; the agent definitions are instance-wide config. */
describe('tenant isolation of agent training', () => {
  let app: NestFastifyApplication;
  const keys = { a: '', b: '' };
  const inject = (url: string, k: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({ method, url, headers: bearer(k), payload });

  beforeAll(async () => {
    app = await createApp({ config: appTestConfig() });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const log = app.get<InteractionLogPort>(INTERACTION_LOG, { strict: false });
    for (const tenant of ['tenant-a', 'tenant-b'] as const) {
      const res = await app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: '/security/keys',
          headers: { ...bearer(TEST_ADMIN_KEY), 'x-tenant-id': tenant },
          payload: { name: `${tenant} user`, roles: ['user'] },
        });
      keys[tenant === 'tenant-a' ? 'a' : 'b'] = jsonBody<{ data: { key: string } }>(res).data.key;
    }
    for (const agent of ['verification_director', 'b-desk-agent'])
      for (let n = 0; n < 12; n++)
        log.record({
          tenantId: 'tenant-b',
          agent,
          taskType: 'analysis.fact',
          source: 'crew',
          runId: `b${n}`,
          tools: ['fact_check'],
          toolSequence: ['fact_check'],
          durationMs: 5000,
          outcome: 'ok',
          quality: 0.9,
          error: null,
          at: Date.now() - 60_000 + n,
        });
    await log.flush();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => app?.close(), BOOT_TIMEOUT_MS);

  it('A reads none of B’s interactions in reports (REST or GraphQL), and B’s own agent is unknown to A', async () => {
    type Report = { interactions: number; status: string };
    const aReport = await inject('/training/agents/verification_director/report', keys.a);
    const bReport = await inject('/training/agents/verification_director/report', keys.b);
    expect([aReport.statusCode, jsonBody<Report>(aReport).interactions, jsonBody<Report>(aReport).status]).toEqual([
      200,
      0,
      'insufficient_data',
    ]);
    expect(jsonBody<Report>(bReport).interactions).toBe(12);
    expect((await inject('/training/agents/b-desk-agent/report', keys.a)).statusCode).toBe(404);
    expect((await inject('/training/agents/b-desk-agent/report', keys.b)).statusCode).toBe(200);
    const gql = await inject('/graphql', keys.a, 'POST', {
      query: '{ agentPerformanceReport(agent: "verification_director") }',
    });
    expect(jsonBody<{ data: { agentPerformanceReport: Report } }>(gql).data.agentPerformanceReport).toMatchObject({
      interactions: 0,
      status: 'insufficient_data',
    });
  });

  it('definitions are shared instance-wide config: both tenants see the same versions, and a user of either may not apply', async () => {
    const listed = await Promise.all(
      [keys.a, keys.b].map(async (k) =>
        jsonBody<{ agents: { agent: string; version: number }[] }>(await inject('/training/agents', k)).agents.map(
          (v) => [v.agent, v.version],
        ),
      ),
    );
    expect(listed[0]).toEqual(listed[1]);
    expect(listed[0]).toHaveLength(5);
    for (const k of [keys.a, keys.b])
      expect((await inject('/training/apply', k, 'POST', { agents: ['verification_director'] })).statusCode).toBe(403);
  });
});
